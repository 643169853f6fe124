// A followed log goes on across a restart whichever comes first: the old stream's end or the
// engine's start event (Podman may send the start before the stopped stream ends); and what the
// engine sends again after a restart is shown once, though Podman's timestamps have whole seconds only.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { LogFollower } from '../../runtime-helper/daemon/logFollower';
import { MemoryEngine } from '../support/memoryEngine';

/** A running container whose log streams the test ends by hand, one per `logs` call. */
async function setUp() {
  const engine = new MemoryEngine();
  engine.addImage('img');
  const id = await engine.createContainer({ Image: 'img' });
  await engine.startContainer(id);
  const streams: PassThrough[] = [];
  engine.logs = async () => {
    const s = new PassThrough();
    streams.push(s);
    return s;
  };
  const gaps: string[] = [];
  const shown: string[] = [];
  const follower = new LogFollower(engine, id, true, undefined, { lines: (ls) => shown.push(...ls.map((l) => `${l.time} ${l.text}`)), gap: (r) => gaps.push(r), end: () => undefined });
  await follower.start();
  return { engine, id, streams, gaps, shown, follower };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

/** Log lines as the engine frames them without a TTY: stdout, length, bytes. */
function frame(text: string): Buffer {
  const header = Buffer.alloc(8);
  header[0] = 1;
  header.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
}

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

/** What the follower shows of `before`, a restart, then `after` from the engine's new stream. */
async function shownAcrossRestart(before: string, after: string): Promise<string[]> {
  const { engine, id, streams, shown, follower } = await setUp();
  streams[0].write(frame(before));
  await engine.restartContainer(id);
  streams[0].end();
  await settle();
  streams[1].write(frame(after));
  await settle();
  follower.close();
  return shown;
}

test('lines the engine sends again after a restart are shown once; a new line in the same second is shown', async () => {
  // Podman: whole seconds, and the stream goes on from the start of the last line's second.
  const shown = await shownAcrossRestart('2026-12-01T04:47:00Z Container started\n', '2026-12-01T04:47:00Z Container started\n2026-12-01T04:47:00Z Container started\n2026-12-01T04:47:01.5Z later\n');
  assert.deepEqual(shown, ['2026-12-01T04:47:00Z Container started', '2026-12-01T04:47:00Z Container started', '2026-12-01T04:47:01.5Z later']);
});

test("Docker's nanosecond times, trimmed of zeros, are ordered as times: what was seen is skipped, what is newer is shown", async () => {
  const shown = await shownAcrossRestart('2026-12-01T04:47:00.5Z seen\n', '2026-12-01T04:47:00.1Z older\n2026-12-01T04:47:00.5Z seen\n2026-12-01T04:47:00.51Z newer\n');
  assert.deepEqual(shown, ['2026-12-01T04:47:00.5Z seen', '2026-12-01T04:47:00.51Z newer']);
});
