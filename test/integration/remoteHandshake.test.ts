// The resolver route's transport: a one-time byte pipe through the helper to the VS Code
// server in the container, on which VS Code's handshake completes, and a wrong build or a
// wrong token is refused with the server's own reason, named for the user.
import assert from 'node:assert/strict';
import { copyFileSync, createWriteStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import * as tar from 'tar-fs';
import { test } from 'node:test';
import { handshake } from '../../runtime-helper/vscodeServer/handshake';
import { berth, testEnv } from '../support/cli';
import { waitFor } from '../support/ports';
import { helperClient, SERVER_ROOT } from '../support/remoteServer';
import { BASE_IMAGE, devcontainer } from '../support/workspace';

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path, () => resolve(s));
    s.once('error', reject);
  });
}

test('a byte pipe through the helper carries VS Code\'s handshake; a wrong commit or token is refused by name', async () => {
  const ws = devcontainer({ image: BASE_IMAGE });
  const up = await berth(['up', '--workspace-folder', ws]);
  assert.equal(up.code, 0, up.stderr);
  const client = await helperClient();

  const none = await client.request('remoteServer.pipe', { workspaceFolder: ws });
  assert.ok(!none.ok && /no VS Code server runs for/.test(none.error.message), 'a pipe before the server says to start it');

  const started = await client.request('remoteServer.start', { workspaceFolder: ws, serverRoot: SERVER_ROOT });
  assert.ok(started.ok, !started.ok ? started.error.message : '');
  const { commit, token } = started.value;

  const pipe = async () => {
    const r = await client.request('remoteServer.pipe', { workspaceFolder: ws });
    assert.ok(r.ok, !r.ok ? r.error.message : '');
    assert.equal(statSync(r.value.path).mode & 0o777, 0o600, 'the pipe is the user\'s alone');
    const socket = await open(r.value.path);
    // A pipe serves one connection, then its socket goes.
    await waitFor('the used pipe to go', async () => (existsSync(r.value.path) ? undefined : true), 10_000);
    return socket;
  };

  assert.deepEqual(await handshake(await pipe(), { commit, token }), { ok: true, value: undefined });

  const wrongCommit = await handshake(await pipe(), { commit: '0'.repeat(40), token });
  assert.ok(!wrongCommit.ok);
  assert.match(wrongCommit.error.message, /refused the editor's build 0000000000 \(version mismatch\)/);
  assert.match(wrongCommit.error.fix ?? '', /server of the editor's own commit/);

  const wrongToken = await handshake(await pipe(), { commit, token: 'not-the-token' });
  assert.ok(!wrongToken.ok);
  assert.match(wrongToken.error.message, /refused the connection token \(auth mismatch\)/);
});

/** A server build as the release archives hold one, with its Node: here made from code-server's, so its commit is known. */
async function serverArchive(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-reh-')), 'vscode-reh-linux-x64.tar.gz');
  const pack = tar.pack(SERVER_ROOT, {
    ignore: (name) => name.endsWith('.map'),
    map: (h) => ({ ...h, name: `vscode-reh-linux-x64/${h.name}` }),
    finalize: false,
    finish: (p) => tar.pack(dirname(process.execPath), { entries: [basename(process.execPath)], pack: p, map: (h) => ({ ...h, name: 'vscode-reh-linux-x64/node' }) }),
  });
  await pipeline(pack, createGzip({ level: constants.Z_BEST_SPEED }), createWriteStream(file));
  return file;
}

test("a desktop editor gets the server build of its own commit (here from a local tarball), cached, and its handshake passes", async (t) => {
  const ws = devcontainer({ image: BASE_IMAGE });
  const up = await berth(['up', '--workspace-folder', ws]);
  assert.equal(up.code, 0, up.stderr);
  const helper = await helperClient();
  // The editor's installation: only its product.json matters, as VSCodium's names its commit.
  const appRoot = mkdtempSync(join(tmpdir(), 'berth-app-'));
  copyFileSync(join(SERVER_ROOT, 'product.json'), join(appRoot, 'product.json'));
  const events: string[] = [];
  helper.onNotification('progress', ({ token, event }) => token === 'desktop' && event.durationMs !== undefined && events.push(event.message));
  const t0 = Date.now();
  const tarball = await serverArchive();
  t.diagnostic(`archive made in ${Date.now() - t0} ms`);
  const started = await helper.request('remoteServer.start', { workspaceFolder: ws, client: { appRoot, tarball }, progressToken: 'desktop' });
  assert.ok(started.ok, !started.ok ? started.error.message : '');
  assert.ok(events.some((m) => /^Getting the VS Code server of the editor's commit [0-9a-f]{10}/.test(m)), events.join('\n'));
  assert.ok(existsSync(join(testEnv.XDG_CACHE_HOME!, 'berth/vscode-server', `${started.value.commit}-linux-x64/.berth-complete`)), 'cached on the host');
  const r = await helper.request('remoteServer.pipe', { workspaceFolder: ws });
  assert.ok(r.ok, !r.ok ? r.error.message : '');
  assert.deepEqual(await handshake(await open(r.value.path), { commit: started.value.commit, token: started.value.token }), { ok: true, value: undefined });
});
