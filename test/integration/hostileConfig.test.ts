// One client's config never stalls or crashes the shared helper: while another workspace's
// forward answers requests in a loop, oversized, deeply nested and non-UTF-8 configs each get
// their one message, and the forward keeps answering throughout.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { berth } from '../support/cli';
import { forwardOf, httpGet } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

/** Worst request latency through the forward the helper may show while it refuses a config. */
const WORST_LATENCY_MS = 500;

const HOSTILE: { name: string; config: string | Buffer; expect: RegExp }[] = [
  { name: 'a 50 MB config', config: `{"image": "${BASE_IMAGE}", "customizations": {"x": [${'1,'.repeat(25 * 2 ** 20)}1]}}`, expect: /devcontainer\.json: the file is 50\.0 MiB, over Berth's limit of 64 KiB for a config$/ },
  { name: 'a config nested 10,000 deep', config: `{\n  "image": "${BASE_IMAGE}",\n  "customizations": { "x": ${'['.repeat(9998)}${']'.repeat(9998)} }\n}`, expect: /devcontainer\.json:3:90: the JSON is nested more than 64 levels deep here$/ },
  {
    name: 'a config with invalid UTF-8',
    config: Buffer.concat([Buffer.from(`{\n  "image": "${BASE_IMAGE}",\n  "post`), Buffer.from([0xff]), Buffer.from('CreateCommand": "make"\n}')]),
    expect: /devcontainer\.json:3:8: the file is not valid UTF-8: byte 0xff at byte offset \d+ does not begin a valid UTF-8 character$/,
  },
];

/** Requests the page through the forward back to back until stopped; the worst latency and any failure. */
function hammer(address: string) {
  let stopped = false;
  let worst = 0;
  let count = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        const res = await httpGet(address, '/index.html');
        if (res.body.toString() !== 'still here\n') failures.push(`unexpected body ${res.body.toString()}`);
      } catch (err) {
        failures.push((err as Error).message);
      }
      worst = Math.max(worst, performance.now() - started);
      count++;
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return { worst, count, failures };
  };
}

async function helperPid(): Promise<number> {
  const r = await berth(['helper', 'status']);
  return JSON.parse(r.stdout.trim().split('\n').pop()!).pid;
}

describe('hostile configs', () => {
  test('each is refused with its one message while another workspace forward keeps answering', { timeout: 180_000 }, async (t) => {
    const web = devcontainer({ image: BASE_IMAGE, forwardPorts: [8080], postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}' }, { 'index.html': 'still here\n' });
    const up = await berth(['up', '--workspace-folder', web]);
    assert.equal(up.code, 0, up.stderr);
    const forward = await forwardOf(web, 8080);
    const pid = await helperPid();
    // Written before the requests start: writing 50 MB would stall this process's own loop.
    const cases = HOSTILE.map((c) => ({ ...c, ws: devcontainer(c.config) }));

    const stop = hammer(forward.localAddress!);
    const seen: string[] = [];
    try {
      for (const { ws, ...c } of cases) {
        for (const command of ['read-configuration', 'up']) {
          const r = await berth([command, '--workspace-folder', ws]);
          const what = `${command} of ${c.name}`;
          assert.equal(r.code, 1, `${what}: exit 1\n${r.stdout}\n${r.stderr}`);
          assert.equal(r.json.outcome, 'error', what);
          const [first, ...rest] = r.json.message!.split('\n');
          assert.match(first, c.expect, what);
          assert.ok(rest.every((l) => l.startsWith('  fix: ')), `${what}: one line and its fix:\n${r.json.message}`);
          assert.doesNotMatch(r.stderr, /\n\s+at |Maximum call stack|RangeError/, `${what}: no stack trace`);
          seen.push(what);
        }
      }
    } finally {
      const { worst, count, failures } = await stop();
      t.diagnostic(`${count} requests through the forward, worst ${Math.round(worst)} ms`);
      assert.deepEqual(failures, [], 'every request through the forward succeeded');
      assert.ok(count > 10, `${count} requests went through`);
      assert.ok(worst < WORST_LATENCY_MS, `worst latency through the forward ${Math.round(worst)} ms (${count} requests)`);
    }
    assert.equal(seen.length, 6);
    assert.equal(await helperPid(), pid, 'the same helper is still running');
  });
});
