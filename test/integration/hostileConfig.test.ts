// No client action or input stalls or crashes the shared helper: while another workspace's
// forward answers requests in a loop, the helper gets oversized, deeply nested and non-UTF-8
// configs, malformed JSON-RPC frames, a client that disconnects mid-`up` and 200 fuzzed configs.
// Each gets its one clear answer; the same helper runs and the forward answers throughout.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PROTOCOL_VERSION } from '../../runtime-helper/rpc/protocol';
import { helperSocket } from '../../runtime-helper/rpc/socketPath';
import { berth, containersOf, docker, testEnv } from '../support/cli';
import { FUZZ_BASE, mutants } from '../support/configFuzz';
import { forwardOf, httpGet, waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

/** Worst request latency through the forward the helper may show while it deals with any of these. */
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

/** One JSON-RPC frame, as the helper's clients send them. */
const frame = (body: string | object) => {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]);
};
const request = (id: number, method: string, params: unknown) => frame({ jsonrpc: '2.0', id, method, params });
const HELLO = request(0, 'hello', { clientName: 'hostile-test', protocolVersion: PROTOCOL_VERSION, env: testEnv });

interface Reply {
  id?: number;
  method?: string;
  params?: { token?: string; event?: { line?: string } };
  result?: unknown;
  error?: { code: number; message: string };
}

/** A client on the helper's socket that writes raw bytes and reads back every frame. */
function rawClient() {
  const socket = connect(helperSocket(testEnv));
  const replies: Reply[] = [];
  let pending = Buffer.alloc(0);
  socket.on('data', (d) => {
    pending = Buffer.concat([pending, d]);
    for (;;) {
      const m = /^Content-Length: (\d+)\r\n\r\n/.exec(pending.toString('latin1', 0, 64));
      if (!m || pending.length < m[0].length + Number(m[1])) return;
      replies.push(JSON.parse(pending.toString('utf8', m[0].length, m[0].length + Number(m[1]))));
      pending = pending.subarray(m[0].length + Number(m[1]));
    }
  });
  socket.on('error', () => undefined);
  return {
    replies,
    send: (bytes: Buffer) => socket.write(bytes),
    answer: (id: number) => waitFor(`the answer to request ${id}`, async () => replies.find((r) => r.id === id), 10_000),
    close: () => socket.destroy(),
  };
}

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

/** A message a user can act on: text, no stack trace, no terminal codes, no leaked JavaScript values. */
function assertClearMessage(message: string, what: string) {
  assert.ok(message.trim(), `${what}: a message`);
  assert.doesNotMatch(message, /\x1b\[/, `${what}: no ANSI codes`);
  assert.doesNotMatch(message, /\n\s+at |TypeError|RangeError|Maximum call stack|is not a function|Cannot read prop/, `${what}: no stack trace or JavaScript error`);
  assert.doesNotMatch(message, /\bundefined\b|\[object Object\]|\bNaN\b/, `${what}: no leaked JavaScript value`);
}

describe('a hostile client or config, while another workspace forward answers throughout', () => {
  let pid = 0;
  let stop: ReturnType<typeof hammer>;
  // Written before the requests start: writing 50 MB would stall this process's own loop.
  const cases = HOSTILE.map((c) => ({ ...c, ws: devcontainer(c.config) }));

  before(async () => {
    const web = devcontainer({ image: BASE_IMAGE, forwardPorts: [8080], postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}' }, { 'index.html': 'still here\n' });
    const up = await berth(['up', '--workspace-folder', web]);
    assert.equal(up.code, 0, up.stderr);
    const forward = await forwardOf(web, 8080);
    pid = await helperPid();
    stop = hammer(forward.localAddress!);
  });

  test('oversized, deeply nested and non-UTF-8 configs are each refused with their one message', async () => {
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
      }
    }
  });

  test('malformed JSON-RPC frames: garbage, a huge Content-Length and invalid JSON are survived; bad requests get one clear error', async () => {
    // Frames that are not JSON-RPC at all: nothing to answer, and nothing may break.
    for (const bytes of [Buffer.from('\x00\xff not a header\r\n\r\n'), Buffer.from('Content-Length: 99999999999999\r\n\r\n{'), frame('{"jsonrpc": "2.0", "id": 1, "method": '), frame('[1, 2, 3]')]) {
      const client = rawClient();
      client.send(bytes);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(client.replies.filter((r) => r.id !== undefined), [], `no answer to ${JSON.stringify(bytes.toString('latin1').slice(0, 40))}`);
      client.close();
    }
    const expectations: { name: string; frames: Buffer[]; id: number; code: number; message: RegExp }[] = [
      { name: 'a request before hello', frames: [request(1, 'up', { workspaceFolder: '/tmp' })], id: 1, code: -32601, message: /^Unhandled method up$/ },
      { name: 'hello without an object', frames: [request(1, 'hello', 'me')], id: 1, code: -32602, message: /^the params of "hello" must be an object, got the string "me"$/ },
      { name: 'hello with a number for its client name', frames: [request(1, 'hello', { clientName: 1, protocolVersion: PROTOCOL_VERSION })], id: 1, code: -32602, message: /^"hello": 'clientName' must be a string, got the number 1$/ },
      { name: 'hello with an environment of numbers', frames: [request(1, 'hello', { clientName: 'x', protocolVersion: PROTOCOL_VERSION, env: { PATH: 5 } })], id: 1, code: -32602, message: /^"hello": 'env' must be an object of strings, got an object$/ },
      { name: 'an unknown method', frames: [HELLO, request(1, 'containers.explode', {})], id: 1, code: -32601, message: /^Unhandled method containers\.explode$/ },
      { name: 'up with a number for its folder', frames: [HELLO, request(1, 'up', { workspaceFolder: 42 })], id: 1, code: -32602, message: /^"up": 'workspaceFolder' must be a string, got the number 42$/ },
      { name: 'up with no params', frames: [HELLO, request(1, 'up', null)], id: 1, code: -32602, message: /^the params of "up" must be an object, got null$/ },
      { name: 'up with a string for a flag', frames: [HELLO, request(1, 'up', { workspaceFolder: '/tmp', removeExistingContainer: 'yes' })], id: 1, code: -32602, message: /^"up": 'removeExistingContainer' must be a boolean, got the string "yes"$/ },
    ];
    for (const c of expectations) {
      const client = rawClient();
      for (const f of c.frames) client.send(f);
      const { error } = await client.answer(c.id);
      client.close();
      assert.equal(error?.code, c.code, `${c.name}: ${JSON.stringify(error)}`);
      assert.match(error!.message, c.message, c.name);
      // Refused before anything started: no operation was announced to this client.
      assert.equal(client.replies.some((r) => r.method === 'operations.changed' && JSON.stringify(r.params).includes('"kind":"up"')), false, `${c.name}: no operation started`);
    }
  });

  test('a client that disconnects mid-up: the hook is ended, the container kept, and the helper serves the next client', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, postCreateCommand: 'i=0; while :; do i=$((i+1)); echo hook-line-$i; sleep 0.05; done' });
    const client = rawClient();
    client.send(HELLO);
    client.send(request(1, 'up', { workspaceFolder: ws, progressToken: 't' }));
    await waitFor('the hook to print', async () => (client.replies.some((r) => r.params?.token === 't' && /hook-line-3\b/.test(JSON.stringify(r.params))) ? true : undefined), 60_000);
    client.close();
    const again = rawClient();
    again.send(HELLO);
    assert.equal(((await again.answer(0)).result as { pid: number }).pid, pid, 'the same helper answers the next client');
    again.close();
    const [id] = containersOf(ws);
    assert.ok(id, 'the container is kept');
    // Not PID 1: the container's own process may have started the hook (up/firstHookInInit.ts) and keeps its text in its arguments.
    const hookRuns = () => docker('exec', id, 'sh', '-c', 'grep -l -e "hook-lin[e]" /proc/[0-9]*/cmdline 2>/dev/null | grep -v "^/proc/1/" || true');
    await waitFor('the hook to be ended', async () => (hookRuns() ? undefined : true), 5000);
  });

  test('200 fuzzed configs: each read is a success or one clear message', async () => {
    const ws = devcontainer(FUZZ_BASE);
    const file = join(ws, '.devcontainer', 'devcontainer.json');
    const outcomes = { success: 0, error: 0 };
    for (const m of mutants(10, 200)) {
      writeFileSync(file, m.text);
      const r = await berth(['read-configuration', '--workspace-folder', ws]);
      const what = `read-configuration of ${m.name}`;
      assertClearMessage(r.stderr.replace(/^\s*$/, 'empty stderr'), what);
      if (r.code === 0) {
        assert.notEqual(r.json.outcome, 'error', what);
        outcomes.success++;
        continue;
      }
      assert.equal(r.code, 1, `${what}: exit 1\n${r.stderr}`);
      assert.equal(r.json.outcome, 'error', what);
      assertClearMessage(r.json.message!, what);
      assert.match(r.json.message!.split('\n')[0], /devcontainer\.json(:\d+:\d+)?: /, `${what}: names the file: ${r.json.message}`);
      outcomes.error++;
    }
    // The mutations reach both sides: some configs still work, most do not.
    assert.ok(outcomes.success > 10 && outcomes.error > 100, JSON.stringify(outcomes));
  });

  test('the same helper ran throughout, and every request through the forward succeeded in time', async (t) => {
    const { worst, count, failures } = await stop();
    t.diagnostic(`${count} requests through the forward, worst ${Math.round(worst)} ms`);
    assert.deepEqual(failures, [], 'every request through the forward succeeded');
    assert.ok(count > 10, `${count} requests went through`);
    assert.ok(worst < WORST_LATENCY_MS, `worst latency through the forward ${Math.round(worst)} ms (${count} requests)`);
    assert.equal(await helperPid(), pid, 'the same helper is still running');
  });
});
