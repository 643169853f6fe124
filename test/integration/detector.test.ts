// Port detection through an exec in the container (the way for engines on another host):
// it sees a new listener, and stopping it leaves nothing running in the container.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { engine } from '../../runtime-helper/engine/docker';
import { startDetector, type DetectedPort } from '../../runtime-helper/forward/detector';
import { docker } from '../support/cli';
import { waitFor } from '../support/ports';
import { BASE_IMAGE } from '../support/workspace';

const NAME = `berth-detector-${process.pid}`;
after(() => docker('rm', '-f', NAME));

test('the exec detector reports a new listener and ends its loop when stopped', async () => {
  const id = docker('run', '-d', '--name', NAME, BASE_IMAGE, 'sleep', 'infinity');
  let seen: DetectedPort[] = [];
  // No host pid: the detector has to work from inside the container.
  const detector = await startDetector(engine().docker, id, undefined, (ports) => (seen = ports));
  docker('exec', '-d', NAME, 'busybox', 'httpd', '-f', '-p', '7777');
  await waitFor('port 7777', async () => (seen.some((p) => p.port === 7777) ? true : undefined), 5000);
  const loops = () => docker('top', NAME, '-o', 'pid,args').split('\n').filter((l) => l.includes('--berth--'));
  assert.equal(loops().length, 1, 'one polling loop while detecting');
  detector.stop();
  await waitFor('the polling loop to end', async () => (loops().length === 0 ? true : undefined), 10_000);
});
