// Port forwarding through the helper, on the real engine: configured and detected ports,
// loopback-only servers, relay mode, restarts, a killed helper, conflicts, and the
// half-close, late-reply, soak and leak cases every path passes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { berth, docker, isAlive } from '../support/cli';
import { forwardingCases } from '../support/forwardCases';
import { forwardOf, httpGet, ports, waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

async function up(ws: string, env?: NodeJS.ProcessEnv) {
  const r = await berth(['up', '--workspace-folder', ws], { env });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  return r.json.containerId!;
}

const web = (extra: object = {}) =>
  devcontainer({ image: BASE_IMAGE, forwardPorts: [8080], portsAttributes: { '8080': { label: 'Site' } }, postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}', ...extra }, { 'index.html': 'hello through berth\n' });

describe('forwards', () => {
  test('forwardPorts are forwarded on 127.0.0.1 with their label, origin and process', async () => {
    const ws = web();
    await up(ws);
    const f = await forwardOf(ws, 8080);
    assert.match(f.localAddress!, /^127\.0\.0\.1:\d+$/);
    assert.equal(f.label, 'Site');
    assert.equal(f.origin, 'config');
    assert.equal(f.path, 'direct');
    const res = await httpGet(f.localAddress!, '/index.html');
    assert.equal(res.body.toString(), 'hello through berth\n');
    const withProcess = await waitFor('the process name', async () => (await ports(ws)).find((p) => p.containerPort === 8080 && p.process));
    assert.match(withProcess.process!, /busybox httpd -p 8080/);
  });

  test('a port that starts listening is forwarded within a second, and un-forwarded when it closes', async () => {
    const ws = web();
    const id = await up(ws);
    docker('exec', '-d', id, 'sh', '-c', 'echo $$ > /tmp/httpd.pid; exec busybox httpd -f -p 7300 -h /workspaces/ws');
    const started = Date.now();
    const f = await forwardOf(ws, 7300);
    assert.ok(Date.now() - started < 1500, `detected after ${Date.now() - started} ms`);
    assert.equal(f.origin, 'detected');
    assert.equal((await httpGet(f.localAddress!, '/index.html')).status, 200);
    docker('exec', id, 'sh', '-c', 'kill "$(cat /tmp/httpd.pid)"');
    await waitFor('the forward to go', async () => ((await ports(ws)).some((p) => p.containerPort === 7300) ? undefined : true), 2000);
  });

  test('a server bound to 127.0.0.1 inside the container is reachable (through the relay)', async () => {
    const ws = web();
    const id = await up(ws);
    docker('exec', '-d', id, 'busybox', 'httpd', '-f', '-p', '127.0.0.1:7301', '-h', '/workspaces/ws');
    const f = await waitFor('a relayed forward', async () => (await ports(ws)).find((p) => p.containerPort === 7301 && p.path === 'relay'));
    assert.equal((await httpGet(f.localAddress!, '/index.html')).body.toString(), 'hello through berth\n');
  });

  test('relay mode, forced by BERTH_FORWARD_MODE, carries the traffic through the engine', async () => {
    const env = { BERTH_HELPER_DIR: mkdtempSync(join(tmpdir(), 'berth-relay-helper-')), BERTH_FORWARD_MODE: 'relay' };
    const ws = web();
    await up(ws, env);
    const f = await forwardOf(ws, 8080, env);
    assert.equal(f.path, 'relay');
    const blob = randomBytes(256 * 1024);
    writeFileSync(join(ws, 'blob.bin'), blob);
    const res = await httpGet(f.localAddress!, '/blob.bin');
    assert.ok(res.body.equals(blob), 'the relayed bytes match');
    await berth(['down', '--workspace-folder', ws], { env });
  });

  test('ports add and remove change forwards without recreating the container', async () => {
    const ws = web();
    const id = await up(ws);
    docker('exec', '-d', id, 'busybox', 'httpd', '-f', '-p', '127.0.0.1:7302', '-h', '/workspaces/ws');
    await forwardOf(ws, 7302); // detected first, as a user sees it in the list
    const free = await freePort();
    const add = await berth(['ports', 'add', '7302', '--local-port', String(free), '--label', 'Mine', '--workspace-folder', ws]);
    assert.equal(add.code, 0, add.stdout + add.stderr);
    const f = (await ports(ws)).find((p) => p.containerPort === 7302)!;
    assert.equal(f.localAddress, `127.0.0.1:${free}`);
    assert.equal(f.origin, 'user');
    assert.equal(f.label, 'Mine');
    assert.equal((await httpGet(f.localAddress!, '/index.html')).status, 200);
    const remove = await berth(['ports', 'remove', '7302', '--workspace-folder', ws]);
    assert.equal(remove.code, 0);
    assert.equal((await ports(ws)).some((p) => p.containerPort === 7302 && p.origin === 'user'), false);
    // Stopped means stopped: detection does not bring back a port the user removed.
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal((await ports(ws)).some((p) => p.containerPort === 7302), false);
    await assert.rejects(httpGet(`127.0.0.1:${free}`));
    assert.equal(JSON.parse(docker('inspect', id))[0].State.Running, true);
  });

  test('a port that is not a port number is refused by the CLI, naming the argument', async () => {
    const ws = devcontainer({ image: BASE_IMAGE });
    for (const [args, named] of [
      [['add', 'abc'], "value 'abc' is invalid for argument 'port'"],
      [['add', '8080', '--local-port', '70000'], "option '--local-port <port>' argument '70000' is invalid"],
      [['remove', '8o'], "value '8o' is invalid for argument 'port'"],
    ] as const) {
      const r = await berth(['ports', ...args, '--workspace-folder', ws]);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.ok(r.stderr.includes(`${named}. a port is a whole number from 1 to 65535.`), `${args.join(' ')}: ${r.stderr}`);
    }
  });

  test('a taken local port moves to the next free one; with requireLocalPort the error is shown', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const moved = devcontainer({ image: BASE_IMAGE, forwardPorts: [taken], postStartCommand: `busybox httpd -p ${taken} -h \${containerWorkspaceFolder}` }, { 'index.html': 'x' });
      await up(moved);
      const f = await forwardOf(moved, taken);
      assert.notEqual(f.localPort, taken);
      assert.ok(f.localPort! > taken);

      const strict = devcontainer({ image: BASE_IMAGE, forwardPorts: [taken], portsAttributes: { [taken]: { requireLocalPort: true } } });
      await up(strict);
      const failed = await waitFor('the bind error', async () => (await ports(strict)).find((p) => p.containerPort === taken && p.error));
      assert.equal(failed.localAddress, undefined);
      assert.match(failed.error!, new RegExp(`127\\.0\\.0\\.1:${taken} is already in use`));
    } finally {
      blocker.close();
    }
  });

  test('a refused connection is reported on the forward, never silent, and the client is not left hanging', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, forwardPorts: [7303] });
    await up(ws);
    const f = await forwardOf(ws, 7303);
    const started = Date.now();
    await assert.rejects(httpGet(f.localAddress!));
    assert.ok(Date.now() - started < 2000);
    const reported = await waitFor('the error', async () => (await ports(ws)).find((p) => p.containerPort === 7303 && p.error));
    assert.match(reported.error!, /nothing accepts connections on port 7303 in the container/);
  });
});

describe('recovery', () => {
  test('forwards come back after the container restarts', async () => {
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' }, overrideCommand: false, forwardPorts: [8080] }, {
      '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nCMD ["busybox", "httpd", "-f", "-p", "8080", "-h", "/srv"]\nRUN mkdir -p /srv && echo restarted-ok > /srv/index.html\n`,
    });
    const id = await up(ws);
    const before = await forwardOf(ws, 8080);
    docker('restart', '-t', '0', id);
    const after = await waitFor('the forward to answer again', async () => {
      try {
        return (await httpGet(before.localAddress!, '/index.html')).body.toString();
      } catch {
        return undefined;
      }
    });
    assert.equal(after, 'restarted-ok\n');
    assert.equal((await forwardOf(ws, 8080)).localAddress, before.localAddress);
    const image = JSON.parse(docker('inspect', id))[0].Config.Image;
    await berth(['down', '--workspace-folder', ws, '--remove']);
    docker('rmi', image);
  });

  test('after the helper is killed with SIGKILL, a new helper restores the same forwards', async () => {
    const ws = web();
    await up(ws);
    const before = await forwardOf(ws, 8080);
    const status = await berth(['helper', 'status']);
    process.kill(status.json.pid as number, 'SIGKILL');
    await waitFor('the old helper to die', async () => (isAlive(status.json.pid as number) ? undefined : true));
    const again = await berth(['helper', 'status']);
    assert.notEqual(again.json.pid, status.json.pid);
    const after = await forwardOf(ws, 8080);
    assert.equal(after.localAddress, before.localAddress);
    assert.equal((await httpGet(after.localAddress!, '/index.html')).body.toString(), 'hello through berth\n');
  });

  test('berth logs -f follows the container log across a restart', async (t) => {
    const ws = devcontainer({ image: BASE_IMAGE });
    const id = await up(ws);
    const { spawn } = await import('node:child_process');
    const { BERTH, testEnv } = await import('../support/cli');
    const follow = spawn(process.execPath, [BERTH, 'logs', '-f', '--workspace-folder', ws], { env: testEnv });
    // Ended whatever the outcome: a follower left running would keep the test process alive.
    t.after(() => void follow.kill());
    let out = '';
    let err = '';
    follow.stdout.on('data', (b) => (out += b));
    follow.stderr.on('data', (b) => (err += b));
    await waitFor('the first start line', async () => (out.includes('Container started') ? true : undefined));
    docker('restart', '-t', '0', id);
    await waitFor('the line after the restart', async () => (out.split('Container started').length > 2 ? true : undefined), 8000).catch((e: Error) => {
      throw new Error(`${e.message}\nlogs -f printed:\n${out}\n${err}`);
    });
    assert.match(err, /--- container (stopped|restarted) ---/);
  });
});

// The cases the relay passes too (test/support/forwardCases.ts), here on the direct path: a
// server on all the container's addresses. The soak is the 1,000 downloads the direct path has always had to carry.
forwardingCases({ name: 'the direct path', path: 'direct', bind: '0.0.0.0', concurrent: 1000 });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
