// Port detection, both ways: from the host's /proc (local engines), also while the
// container's socket table is full of connections; and through an exec in the container
// (engines on another host), which leaves nothing running once stopped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { engine } from '../../runtime-helper/engine/docker';
import { startDetector, type DetectedPort } from '../../runtime-helper/forward/detector';
import { docker, dockerQuietly } from '../support/cli';
import { httpGet, waitFor } from '../support/ports';
import { containerProcesses } from '../support/processes';
import { BASE_IMAGE } from '../support/workspace';

const NAME = `berth-detector-${process.pid}`;
const BUSY = `berth-detector-busy-${process.pid}`;
after(() => dockerQuietly('rm', '-f', NAME, BUSY));

test('the host detector sees listeners come and go while thousands of connections fill the table', async () => {
  const id = docker('run', '-d', '--name', BUSY, BASE_IMAGE, 'sleep', 'infinity');
  const pid = Number(docker('inspect', '-f', '{{.State.Pid}}', id));
  const address = docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', id);
  docker('exec', '-d', BUSY, 'busybox', 'httpd', '-f', '-p', '7001', '-h', '/etc');
  await waitFor('the first server', async () => (await httpGet(`${address}:7001`, '/hostname').catch(() => undefined))?.status);
  // The server closes first, so each request leaves a row in TIME_WAIT; the held ones stay established.
  for (let i = 0; i < 1000; i++) await httpGet(`${address}:7001`, '/hostname');
  const held = await Promise.all(Array.from({ length: 20 }, () => new Promise<Socket>((r) => {
    const s = connect(7001, address, () => r(s));
  })));
  const rows = readFileSync(`/proc/${pid}/net/tcp6`, 'utf8').trim().split('\n').length - 1;
  // TIME_WAIT rows last 60 s: on a loaded machine the first ones may be gone already.
  assert.ok(rows > 500, `the table holds ${rows} rows`);

  let seen: DetectedPort[] = [];
  const detector = await startDetector(engine(), id, pid, (ports) => (seen = ports));
  const has = (port: number) => seen.some((p) => p.port === port);
  try {
    await waitFor('port 7001', async () => (has(7001) ? true : undefined));
    // Listens after all those rows were made, and is found all the same, within a second.
    docker('exec', '-d', BUSY, 'sh', '-c', 'echo $$ > /tmp/second.pid; exec busybox httpd -f -p 127.0.0.1:7002 -h /etc');
    const started = Date.now();
    await waitFor('port 7002', async () => (has(7002) ? true : undefined));
    assert.ok(Date.now() - started < 1500, `detected after ${Date.now() - started} ms`);
    assert.equal(seen.find((p) => p.port === 7002)?.bind, 'loopback');
    docker('exec', BUSY, 'sh', '-c', 'kill "$(cat /tmp/second.pid)"');
    await waitFor('port 7002 to go', async () => (has(7002) ? undefined : true));
    assert.ok(has(7001), 'the first server is still listed');
  } finally {
    detector.stop();
    held.forEach((s) => s.destroy());
  }
});

test('the exec detector reports a new listener and ends its loop when stopped', async () => {
  const id = docker('run', '-d', '--name', NAME, BASE_IMAGE, 'sleep', 'infinity');
  let seen: DetectedPort[] = [];
  // No host pid: the detector has to work from inside the container.
  const detector = await startDetector(engine(), id, undefined, (ports) => (seen = ports));
  docker('exec', '-d', NAME, 'busybox', 'httpd', '-f', '-p', '7777');
  await waitFor('port 7777', async () => (seen.some((p) => p.port === 7777) ? true : undefined), 5000);
  const loops = () => containerProcesses(id).filter((l) => l.includes('--berth--'));
  assert.equal(loops().length, 1, 'one polling loop while detecting');
  detector.stop();
  await waitFor('the polling loop to end', async () => (loops().length === 0 ? true : undefined), 10_000);
});
