// The helper's supervisor, on real child processes: it restarts a helper that dies abnormally
// (at once the first time, backing off in a crash loop, giving up at last), and ends with one
// that exits by itself or is told to stop.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { test } from 'node:test';
import { supervise } from '../../runtime-helper/daemon/supervisor';

/** Starts node children running the given scripts in turn (the last one for any further start). */
function helpers(...scripts: string[]) {
  const starts: { at: number; child: ChildProcess; exitedAt?: number }[] = [];
  const logs: string[] = [];
  return {
    starts,
    logs,
    start: () => {
      const child = spawn(process.execPath, ['-e', scripts[Math.min(starts.length, scripts.length - 1)]], { stdio: 'ignore' });
      const start: (typeof starts)[number] = { at: Date.now(), child };
      child.once('exit', () => (start.exitedAt = Date.now()));
      starts.push(start);
      return child;
    },
    log: (m: string) => logs.push(m),
  };
}

const WAIT = 'setInterval(() => {}, 1000)';

test('a helper that exits by itself (code 0) ends the supervisor, with no restart', async () => {
  const h = helpers('process.exit(0)');
  assert.equal(await supervise(h), 0);
  assert.equal(h.starts.length, 1);
});

test('a helper killed with SIGKILL is started again at once', async () => {
  const h = helpers(WAIT, 'process.exit(0)');
  const running = supervise(h);
  await new Promise((r) => h.starts[0].child.once('spawn', r));
  const killed = Date.now();
  h.starts[0].child.kill('SIGKILL');
  assert.equal(await running, 0);
  assert.equal(h.starts.length, 2);
  assert.ok(h.starts[1].at - killed < 500, `restarted after ${h.starts[1].at - killed} ms`);
  assert.match(h.logs[0], /killed by SIGKILL; starting it again$/);
});

test('a crash loop backs off, doubling the delay, and the supervisor gives up', async () => {
  const h = helpers('process.exit(3)');
  assert.equal(await supervise({ ...h, firstDelayMs: 100, maxQuickDeaths: 4 }), 1);
  assert.equal(h.starts.length, 4);
  // From each death to the next start: at once, then 100 ms, then 200 ms.
  const gaps = h.starts.slice(1).map((s, i) => s.at - h.starts[i].exitedAt!);
  assert.ok(gaps[0] < 100 && gaps[1] >= 95 && gaps[2] >= 195, `gaps ${gaps.join(', ')} ms`);
  assert.match(h.logs.at(-1)!, /exited with code 3; it died 4 times in a row, giving up$/);
});

test('SIGTERM to the supervisor reaches the helper, and both end', async () => {
  const h = helpers(WAIT);
  const running = supervise(h);
  await new Promise((r) => h.starts[0].child.once('spawn', r));
  process.kill(process.pid, 'SIGTERM');
  assert.equal(await running, 0);
  assert.equal(h.starts[0].child.signalCode, 'SIGTERM');
  assert.equal(h.starts.length, 1);
  assert.equal(process.listenerCount('SIGTERM'), 0, 'the supervisor no longer handles signals');
});
