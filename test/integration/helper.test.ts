// The helper daemon itself: a private socket, events fanned out to clients, idle exit,
// and the supervisor that brings it back with its forwards after it is killed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, watch } from 'node:fs';
import { connect as connectSocket, createServer, type Socket } from 'node:net';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { connectHelper, supervisorPidFile } from '../../runtime-helper/rpc/client';
import type { EngineEvent, PortForward } from '../../runtime-helper/rpc/protocol';
import { helperSocket } from '../../runtime-helper/rpc/socketPath';
import { BERTH, berth, docker, isAlive, stopHelper, testEnv } from '../support/cli';
import { forwardOf, httpGet, ports, waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

const helperEnvs: NodeJS.ProcessEnv[] = [];
after(() => {
  for (const env of helperEnvs) stopHelper(env);
  cleanupWorkspaces();
});

function privateEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...testEnv, BERTH_HELPER_DIR: join(mkdtempSync(join(tmpdir(), 'berth-h-')), 'helper'), ...extra };
  helperEnvs.push(env);
  return env;
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The supervisor of a helper: its parent process, a `berth helper serve`. */
function supervisorOf(pid: number): number {
  const parent = parentOf(pid);
  assert.match(readFileSync(`/proc/${parent}/cmdline`, 'utf8'), /\0helper\0serve\0$/, `helper ${pid} runs under a supervisor`);
  return parent;
}

/** Every `berth helper serve` process (supervisors and helpers) of the helper directory of `env`. */
function helperProcesses(env: NodeJS.ProcessEnv): number[] {
  const mark = `BERTH_HELPER_DIR=${env.BERTH_HELPER_DIR}\0`;
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return /\0helper\0serve\0/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')) && readFileSync(`/proc/${pid}/environ`, 'utf8').includes(mark);
    } catch {
      return false; // gone meanwhile
    }
  });
}

async function helperPid(env: NodeJS.ProcessEnv): Promise<number> {
  const status = await berth(['helper', 'status'], { env });
  assert.equal(status.code, 0, status.stderr);
  return status.json.pid as number;
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
    // Without its supervisor, nothing restarts the helper: the next client has to.
    const supervisor = supervisorOf(pid);
    process.kill(supervisor, 'SIGKILL');
    process.kill(pid, 'SIGKILL');
    await waitFor('the helper to die', async () => (isAlive(pid) ? undefined : true));
    assert.ok(existsSync(helperSocket(env)), 'the dead helper left its socket behind');
    const second = await connect(env);
    const hello = await second.request('hello', { clientName: 'test', protocolVersion: 1 });
    assert.notEqual(hello.pid, pid);
    second.dispose();
  });

  test('runs under a supervisor that exits with it: on SIGTERM, on idle, and when another helper already serves', async () => {
    const env = privateEnv({ BERTH_HELPER_IDLE_MS: '300' });
    const client = await connect(env);
    const { pid } = await client.request('hello', { clientName: 'test', protocolVersion: 1 });
    const supervisor = supervisorOf(pid);
    // A second `helper serve` finds this one answering and exits, supervisor and all.
    const second = spawn(process.execPath, [BERTH, 'helper', 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    second.stderr.on('data', (b) => (stderr += b));
    const code = await new Promise((resolve) => second.on('exit', resolve));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /another helper already serves/);
    assert.ok(isAlive(pid), 'the first helper still serves');
    assert.equal(readFileSync(supervisorPidFile(env), 'utf8'), String(supervisor), 'clients still wait for the first supervisor');
    client.dispose();
    await waitFor('the idle helper and its supervisor to exit', async () => (isAlive(pid) || isAlive(supervisor) ? undefined : true), 5000);
    assert.equal(existsSync(supervisorPidFile(env)), false);

    const env2 = privateEnv();
    const pid2 = await helperPid(env2);
    const supervisor2 = supervisorOf(pid2);
    stopHelper(env2);
    await waitFor('the stopped helper and its supervisor to exit', async () => (isAlive(pid2) || isAlive(supervisor2) ? undefined : true), 5000);
    assert.equal(existsSync(helperSocket(env2)), false);
  });
});

describe('a killed helper', () => {
  const web = () =>
    devcontainer({ image: BASE_IMAGE, forwardPorts: [8080], portsAttributes: { '8080': { label: 'Site' } }, postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}' }, { 'index.html': 'hello again\n' });

  async function up(ws: string, env: NodeJS.ProcessEnv): Promise<string> {
    const r = await berth(['up', '--workspace-folder', ws], { env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    return r.json.containerId!;
  }

  /**
   * Connects the moment the restarted helper puts its socket in place (watching the directory,
   * so that no client request starts or wakes one) and lists the forwards on that very
   * connection, as a window that reconnects does.
   */
  async function firstListAfterRestart(env: NodeJS.ProcessEnv): Promise<PortForward[]> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      let done = false;
      const attempt = () => {
        if (done) return;
        const s = connectSocket(helperSocket(env));
        s.once('connect', () => {
          if (done) return void s.destroy();
          done = true;
          watcher.close();
          clearInterval(poll);
          clearTimeout(timeout);
          resolve(s);
        });
        s.once('error', () => undefined);
      };
      const watcher = watch(dirname(helperSocket(env)), attempt);
      const poll = setInterval(attempt, 50); // in case the watch misses an event
      const timeout = setTimeout(() => (watcher.close(), clearInterval(poll), reject(new Error('timed out waiting for the restarted helper'))), 6000);
      attempt();
    });
    const conn = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    conn.listen();
    void conn.sendRequest('hello', { clientName: 'test', protocolVersion: 1 });
    const listed = await conn.sendRequest<PortForward[]>('ports.list', {});
    conn.dispose();
    socket.destroy();
    return listed;
  }

  test('comes back by itself: its forwards answer again within 2 s, with no client action', async () => {
    const env = privateEnv();
    const ws = web();
    await up(ws, env);
    const f = await forwardOf(ws, 8080, env);
    assert.equal((await httpGet(f.localAddress!, '/index.html')).status, 200);
    const pid = await helperPid(env);
    const parent = parentOf(pid);
    process.kill(pid, 'SIGKILL');
    const killed = Date.now();
    const body = await waitFor('the forward to answer again', async () => {
      try {
        return (await httpGet(f.localAddress!, '/index.html')).body.toString();
      } catch {
        return undefined;
      }
    }, 2000);
    const took = Date.now() - killed;
    assert.equal(body, 'hello again\n');
    assert.ok(took < 2000, `answered again after ${took} ms`);
    const again = await helperPid(env);
    assert.notEqual(again, pid);
    assert.equal(supervisorOf(again), parent, 'the same supervisor restarted it');
  });

  test('a client that comes during the restart waits for it instead of starting a second helper', async () => {
    const env = privateEnv();
    const pid = await helperPid(env);
    const supervisor = supervisorOf(pid);
    process.kill(pid, 'SIGKILL');
    await waitFor('the helper to die', async () => (isAlive(pid) ? undefined : true));
    const client = await connect(env);
    const hello = await client.request('hello', { clientName: 'test', protocolVersion: 1 });
    client.dispose();
    assert.notEqual(hello.pid, pid);
    assert.equal(supervisorOf(hello.pid), supervisor, 'the helper the client reached is the one its supervisor restarted');
    // A second helper, had the client started one, would have found this one serving and exited.
    const expected = [supervisor, hello.pid].sort();
    await waitFor('only the supervisor and its helper', async () => (String(helperProcesses(env).sort()) === String(expected) ? true : undefined), 3000);
    assert.doesNotMatch(readFileSync(join(env.BERTH_HELPER_DIR!, 'helper.log'), 'utf8'), /another helper already serves/);
  });

  test('forwards the user added, changed or stopped come back as they were: origin, label and local port', async () => {
    const env = privateEnv();
    const ws = web();
    const id = await up(ws, env);
    await forwardOf(ws, 8080, env);
    for (const port of ['7311', '7312']) docker('exec', '-d', id, 'busybox', 'httpd', '-f', '-p', port, '-h', '/workspaces/ws');
    await forwardOf(ws, 7311, env);
    await forwardOf(ws, 7312, env);
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    // `berth ports add` of a new port and of a detected one, the extension's "change local port"
    // of a configured one, and `berth ports remove` of a detected one that keeps listening.
    for (const args of [['add', '7310', '--label', 'Mine'], ['add', '7312', '--label', 'Pinned'], ['add', '8080', '--local-port', String(free), '--label', 'My site'], ['remove', '7311']]) {
      const r = await berth(['ports', ...args, '--workspace-folder', ws], { env });
      assert.equal(r.code, 0, r.stderr + r.stdout);
    }
    const shape = (list: PortForward[]) => list.map((p) => ({ port: p.containerPort, origin: p.origin, label: p.label, localAddress: p.localAddress }));
    const before = shape(await ports(ws, env));
    assert.deepEqual(before, [
      { port: 7310, origin: 'user', label: 'Mine', localAddress: before[0].localAddress },
      { port: 7312, origin: 'user', label: 'Pinned', localAddress: before[1].localAddress },
      { port: 8080, origin: 'user', label: 'My site', localAddress: `127.0.0.1:${free}` },
    ]);
    const pid = await helperPid(env);
    process.kill(pid, 'SIGKILL');
    await waitFor('the helper to die', async () => (isAlive(pid) ? undefined : true));
    await waitFor('the forwards to come back', async () => ((await ports(ws, env)).length ? true : undefined));
    // Detection has had time to bring back 7311, if it were going to.
    await new Promise((r) => setTimeout(r, 1200));
    assert.deepEqual(shape(await ports(ws, env)), before);
  });

  test('the first request after a restart lists the forwards of every workspace (three restarts)', async () => {
    const env = privateEnv();
    const workspaces = [web(), web()];
    for (const ws of workspaces) await up(ws, env);
    const expected: (string | undefined)[][] = [];
    for (const ws of workspaces) expected.push([ws, (await forwardOf(ws, 8080, env)).localAddress]);
    for (let i = 0; i < 3; i++) {
      const pid = await helperPid(env);
      process.kill(pid, 'SIGKILL');
      await waitFor('the helper to die', async () => (isAlive(pid) ? undefined : true));
      const listed = await firstListAfterRestart(env);
      assert.deepEqual(listed.map((p) => [p.workspaceFolder, p.localAddress]).sort(), expected.sort(), `restart ${i + 1}`);
    }
  });
});
