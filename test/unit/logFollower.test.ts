// A followed log goes on across a restart whichever comes first: the old stream's end or the
// engine's start event (Podman may send the start before the stopped stream ends).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { LogFollower } from '../../runtime-helper/daemon/logFollower';
import { MemoryEngine } from '../support/memoryEngine';

/** A running container whose log streams the test ends by hand, one per `logs` call. */
async function setUp() {
  const engine = new MemoryEngine();
  engine.addImage('img');
  const id = await engine.createContainer({ Image: 'img', Tty: true });
  await engine.startContainer(id);
  const streams: PassThrough[] = [];
  engine.logs = async () => {
    const s = new PassThrough();
    streams.push(s);
    return s;
  };
  const gaps: string[] = [];
  const follower = new LogFollower(engine, id, true, undefined, { lines: () => undefined, gap: (r) => gaps.push(r), end: () => undefined });
  await follower.start();
  return { engine, id, streams, gaps, follower };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

test('the start event after the stream ended: the log is followed again', async () => {
  const { engine, id, streams, gaps, follower } = await setUp();
  await engine.stopContainer(id);
  streams[0].end();
  await settle();
  await engine.startContainer(id);
  follower.containerStarted(id);
  await settle();
  assert.equal(streams.length, 2);
  assert.deepEqual(gaps, ['container stopped', 'container restarted']);
  follower.close();
});

test('the start event before the stream ended: the log is followed again, once', async () => {
  const { engine, id, streams, gaps, follower } = await setUp();
  await engine.restartContainer(id);
  follower.containerStarted(id);
  streams[0].end();
  await settle();
  assert.equal(streams.length, 2);
  assert.deepEqual(gaps, ['container stopped', 'container restarted']);
  follower.close();
});
