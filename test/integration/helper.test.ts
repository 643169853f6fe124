// The helper daemon itself: a private socket, events fanned out to clients, idle exit.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { connectHelper } from '../../runtime-helper/rpc/client';
import type { EngineEvent } from '../../runtime-helper/rpc/protocol';
import { helperSocket } from '../../runtime-helper/rpc/socketPath';
import { BERTH, docker, isAlive, testEnv } from '../support/cli';
import { waitFor } from '../support/ports';
import { BASE_IMAGE } from '../support/workspace';

function privateEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...testEnv, BERTH_HELPER_DIR: join(mkdtempSync(join(tmpdir(), 'berth-h-')), 'helper'), ...extra };
}

async function connect(env: NodeJS.ProcessEnv) {
  const r = await connectHelper({ clientName: 'test', helperScript: BERTH, env });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

describe('the helper daemon', () => {
  test('listens on a socket only its user can reach: directory 0700, socket 0600', async () => {
    const env = privateEnv();
    const client = await connect(env);
    const socket = helperSocket(env);
    assert.equal(statSync(join(socket, '..')).mode & 0o777, 0o700);
    assert.equal(statSync(socket).mode & 0o777, 0o600);
    assert.match(socket, /helper-v\d+\.sock$/, 'the protocol version is in the name');
    client.dispose();
  });

  test('fans engine events out to every client', async () => {
    const env = privateEnv();
    const a = await connect(env);
    const b = await connect(env);
    const seen = { a: [] as EngineEvent[], b: [] as EngineEvent[] };
    a.onNotification('engine.event', (e) => seen.a.push(e));
    b.onNotification('engine.event', (e) => seen.b.push(e));
    // Subscribing is lazy: asking for the status starts the shared subscription.
    const status = await a.request('engine.status', {});
    await waitFor('the subscription', async () => ((await a.request('engine.status', {})).ok ? true : undefined));
    assert.equal(typeof status.endpoint, 'string');
    const id = docker('run', '-d', '--label', 'berth.test=1', BASE_IMAGE, 'sleep', '30');
    docker('rm', '-f', id);
    for (const who of ['a', 'b'] as const) {
      await waitFor(`client ${who} to see the destroy`, async () => (seen[who].some((e) => e.id === id && e.action === 'destroy') ? true : undefined));
      assert.ok(seen[who].some((e) => e.id === id && e.action === 'start'));
    }
    a.dispose();
    b.dispose();
  });

  test('exits once it has had no clients and no forwards for a while, removing its socket', async () => {
    const env = privateEnv({ BERTH_HELPER_IDLE_MS: '300' });
    const client = await connect(env);
    const { pid } = await client.request('hello', { clientName: 'test', protocolVersion: 1 });
    client.dispose();
    await waitFor('the helper to exit', async () => (isAlive(pid) ? undefined : true), 5000);
    assert.equal(existsSync(helperSocket(env)), false);
  });

  test('a client that finds no helper starts one, and a stale socket from a crash is replaced', async () => {
    const env = privateEnv();
    const first = await connect(env);
    const { pid } = await first.request('hello', { clientName: 'test', protocolVersion: 1 });
    first.dispose();
    process.kill(pid, 'SIGKILL');
    await waitFor('the helper to die', async () => (isAlive(pid) ? undefined : true));
    assert.ok(existsSync(helperSocket(env)), 'the dead helper left its socket behind');
    const second = await connect(env);
    const hello = await second.request('hello', { clientName: 'test', protocolVersion: 1 });
    assert.notEqual(hello.pid, pid);
    second.dispose();
  });
});
