// The VS Code server in the dev container: copied in from the host, started as remoteUser
// behind a 0600 token file, forwarded on 127.0.0.1, back after a restart, stopped on request.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProgressEvent } from '../../runtime-helper/util/progress';
import { berth, docker, dockerQuietly, removeContainersOf } from '../support/cli';
import { waitFor } from '../support/ports';
import { helperClient, SERVER_ROOT } from '../support/remoteServer';
import type { HelperClient } from '../../runtime-helper/rpc/client';
import { BASE_IMAGE, devcontainer } from '../support/workspace';

function get(address: string, path: string, cookie?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), path, agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** What a browser does with the page's address: `?tkn=` sets the cookie, then the workbench loads. */
async function openWorkbench(address: string, token: string): Promise<string> {
  const first = await get(address, `/?tkn=${token}`);
  const cookie = [first.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  const page = first.status === 200 ? first : await get(address, '/', cookie);
  assert.equal(page.status, 200, `the workbench page answers (got ${page.status}: ${page.body.slice(0, 200)})`);
  return page.body;
}

/** A copy of an extension as the host has it installed. */
function hostExtension(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'berth-ext-')), 'berth-test.probe-0.0.1');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe', publisher: 'berth-test', version: '0.0.1', engines: { vscode: '^1.90.0' }, main: './extension.js' }));
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = () => undefined;\n');
  return dir;
}

const WITH_DEV_USER = { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN useradd -m dev\n` };

/** Where the server's data volume is mounted in the container. */
const SERVER_VOLUME = '/var/lib/berth/vscode-server';

function mountsOf(containerId: string): { Type: string; Name?: string; Destination: string }[] {
  return JSON.parse(docker('inspect', '-f', '{{json .Mounts}}', containerId));
}

/** The name the server's volume has for this workspace's dev container: the end of its ${devcontainerId}. */
async function serverVolumeName(client: HelperClient, workspaceFolder: string): Promise<string> {
  const config = await client.request('readConfiguration', { workspaceFolder });
  assert.ok(config.ok, !config.ok ? config.error.message : '');
  return `berth-vscode-server-${(config.value as { devcontainerId: string }).devcontainerId.slice(-12)}`;
}

function volumeExists(name: string): boolean {
  return spawnSync('docker', ['volume', 'inspect', name]).status === 0;
}

/** "user command line" of each process of the server in the container (the image has no ps). */
function serverProcesses(containerId: string): string[] {
  const script = 'for d in /proc/[0-9]*; do [ "$d" = "/proc/$$" ] && continue; c=$(tr "\\0" " " < "$d/cmdline" 2>/dev/null); case "$c" in *"$1"*) echo "$(stat -c %U "$d") $c";; esac; done';
  return docker('exec', containerId, 'sh', '-c', script, 'list', 'out/server-main.js').split('\n').filter(Boolean);
}

test('the VS Code server runs in the container as remoteUser, behind a private token, and follows the container', async (t) => {
  const settings = { 'editor.tabSize': 3, 'files.eol': '\n' };
  // An extension the host has installed, and one it has not (the gallery is out of reach here).
  const hostCopy = hostExtension();
  const extensions = ['Berth-Test.probe', 'nobody.not-installed-anywhere'];
  const ws = devcontainer({ build: { dockerfile: 'Dockerfile' }, remoteUser: 'dev', customizations: { vscode: { settings, extensions } } }, WITH_DEV_USER);
  const up = await berth(['up', '--workspace-folder', ws]);
  assert.equal(up.code, 0, up.stderr);
  const containerId = up.json.containerId!;
  const client = await helperClient();
  // The CLI did not ask for the server's volume: its data is in the user's home (below), and no volume was made.
  assert.ok(!volumeExists(await serverVolumeName(client, ws)));
  assert.ok(!mountsOf(containerId).some((m) => m.Destination === SERVER_VOLUME), JSON.stringify(mountsOf(containerId)));
  const events: ProgressEvent[] = [];
  client.onNotification('progress', ({ token, event }) => token === 'server' && events.push(event));

  const hostExtensions = { 'berth-test.probe': hostCopy };
  const started = await client.request('remoteServer.start', { workspaceFolder: ws, serverRoot: SERVER_ROOT, hostExtensions, progressToken: 'server' });
  assert.ok(started.ok, !started.ok ? started.error.message : '');
  const server = started.value;
  assert.match(server.localAddress, /^127\.0\.0\.1:\d+$/);
  assert.equal(server.remoteWorkspaceFolder, '/workspaces/ws');
  // Each step shows in the progress with its duration.
  const steps = events.filter((e) => e.phase === 'server' && e.durationMs !== undefined).map((e) => e.message);
  assert.deepEqual(steps.map((m) => m.replace(/ \(.*/, '').replace(/ [\d.]+$/, '')), ['Checking the container for the VS Code server', 'Installing VS Code server', 'Installing 2 extensions in the container', 'Starting the VS Code server']);
  // The host's copy is the user's in the container and indexed by the server; the other is named, with why.
  assert.deepEqual(server.extensionsFailed.map((f) => f.id), ['nobody.not-installed-anywhere']);
  assert.match(server.extensionsFailed[0].reason, /\S/);
  assert.ok(events.some((e) => /warning: extension nobody\.not-installed-anywhere was not installed/.test(e.message)));
  assert.equal(docker('exec', containerId, 'stat', '-c', '%U', '/home/dev/.berth-vscode-server/extensions/berth-test.probe-0.0.1/package.json'), 'dev');
  t.diagnostic(`first start: ${events.filter((e) => e.durationMs !== undefined).map((e) => `${e.message} ${e.durationMs} ms`).join('; ')}`);

  // The token is the remote user's alone.
  assert.equal(docker('exec', containerId, 'stat', '-c', '%a %U', '/home/dev/.berth-vscode-server/token'), '600 dev');
  assert.equal(docker('exec', containerId, 'stat', '-c', '%a %U', '/home/dev/.berth-vscode-server'), '700 dev');
  // The config's settings are the server's machine settings.
  assert.deepEqual(JSON.parse(docker('exec', containerId, 'cat', '/home/dev/.berth-vscode-server/data/Machine/settings.json')), settings);
  // The server runs as remoteUser, and answers only with the token.
  assert.ok(serverProcesses(containerId).length > 0 && serverProcesses(containerId).every((l) => l.trim().startsWith('dev ')), serverProcesses(containerId).join('\n'));
  assert.equal((await get(server.localAddress, '/')).status, 403);
  assert.match(await openWorkbench(server.localAddress, server.token), /vs\/code\/browser\/workbench\/workbench/);
  await waitFor('the server to index the copied extension', async () => (/berth-test\.probe/.test(docker('exec', containerId, 'sh', '-c', 'cat /home/dev/.berth-vscode-server/extensions/extensions.json 2>/dev/null || true')) ? true : undefined), 10_000);
  // It listens on the container's loopback only: nothing reaches it at the container's address.
  const listening = docker('exec', containerId, 'cat', '/proc/net/tcp', '/proc/net/tcp6').split('\n').filter((l) => / 0A /.test(l));
  assert.ok(listening.length > 0 && listening.every((l) => /^\s*\d+: (0100007F|0{24}01000000):/.test(l)), listening.join('\n'));

  // A restart ends the server; the helper starts it again behind the same forward and token.
  docker('restart', '-t', '1', containerId);
  await waitFor('the server after the restart', async () => {
    const answer = await get(server.localAddress, `/?tkn=${server.token}`).catch(() => undefined);
    return answer && answer.status < 400 ? answer : undefined;
  }, 30_000);
  assert.match(await openWorkbench(server.localAddress, server.token), /workbench/);

  // Stopped on request: no server process is left, the forward is gone.
  const stopped = await client.request('remoteServer.stop', { workspaceFolder: ws });
  assert.ok(stopped.ok);
  await waitFor('the server to exit', async () => serverProcesses(containerId).length === 0 || undefined, 10_000);

  // Cached: the second start copies nothing. The bench figure: from the request to a loaded workbench page.
  events.length = 0;
  const t0 = Date.now();
  const again = await client.request('remoteServer.start', { workspaceFolder: ws, serverRoot: SERVER_ROOT, progressToken: 'server' });
  assert.ok(again.ok, !again.ok ? again.error.message : '');
  await openWorkbench(again.value.localAddress, again.value.token);
  const readyMs = Date.now() - t0;
  assert.ok(events.some((e) => e.message.startsWith('VS Code server 1.96.4 was installed already')));
  t.diagnostic(`cached: the workbench page loads ${readyMs} ms after remoteServer.start was asked`);
  // The target is 2 s (the bench's); on a machine busy with other suites the guard is looser.
  assert.ok(readyMs < 5000, `ready in ${readyMs} ms`);

  // down stops the container and the server with it.
  const down = await berth(['down', '--workspace-folder', ws]);
  assert.equal(down.code, 0, down.stderr);
  await assert.rejects(get(again.value.localAddress, '/'));
});

test('a server of another build left running (an editor of another commit) gives way to the one asked for', async () => {
  const ws = devcontainer({ image: BASE_IMAGE });
  const up = await berth(['up', '--workspace-folder', ws]);
  assert.equal(up.code, 0, up.stderr);
  const client = await helperClient();
  const first = await client.request('remoteServer.start', { workspaceFolder: ws, serverRoot: SERVER_ROOT });
  assert.ok(first.ok, !first.ok ? first.error.message : '');
  const { containerId, commit } = first.value;
  assert.ok((await client.request('remoteServer.stop', { workspaceFolder: ws })).ok);
  // The same server under another install's folder, running on the same data folder, as an older editor left it.
  const older = `/opt/berth/vscode-server/${commit}-older`;
  const data = '/root/.berth-vscode-server';
  docker('exec', containerId, 'cp', '-a', `/opt/berth/vscode-server/${commit}`, older);
  docker('exec', '-d', containerId, 'sh', '-c', 'echo $$ > "$1/server.pid"; exec "$2/node" "$2/out/server-main.js" --host 127.0.0.1 --port 0 --connection-token-file "$1/token" --server-data-dir "$1" > "$1/server.log" 2>&1', 'older', data, older);
  await waitFor('the older server to listen', async () => (/Server bound to/.test(docker('exec', containerId, 'cat', `${data}/server.log`)) ? true : undefined), 30_000);

  const again = await client.request('remoteServer.start', { workspaceFolder: ws, serverRoot: SERVER_ROOT });
  assert.ok(again.ok, !again.ok ? again.error.message : '');
  assert.match(await openWorkbench(again.value.localAddress, again.value.token), /workbench/);
  await waitFor('the older server to exit', async () => (serverProcesses(containerId).every((l) => !l.includes('-older/')) ? true : undefined), 10_000);
  assert.ok(serverProcesses(containerId).some((l) => l.includes(`/opt/berth/vscode-server/${commit}/out/server-main.js`)), serverProcesses(containerId).join('\n'));
});

test('the server keeps its data in a named volume of the dev container, which a rebuild and down --remove keep', async (t) => {
  const config = (remoteUser: string) => ({ build: { dockerfile: 'Dockerfile' }, remoteUser, customizations: { vscode: { extensions: ['Berth-Test.probe'] } } });
  const ws = devcontainer(config('dev'), { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN useradd -m dev && useradd -m dev2\n` });
  const client = await helperClient();
  const name = await serverVolumeName(client, ws);
  // Only what this test made: the workspace's container first, then its volume.
  t.after(() => {
    removeContainersOf(ws);
    dockerQuietly('volume', 'rm', name);
  });
  // As the editor asks for it in code-server and VSCodium: the server will run in this container.
  const up = await client.request('up', { workspaceFolder: ws, remoteServerVolume: true });
  assert.ok(up.ok, !up.ok ? up.error.message : '');
  const mounted = mountsOf(up.value.containerId).find((m) => m.Destination === SERVER_VOLUME);
  assert.deepEqual(mounted && { type: mounted.Type, name: mounted.Name }, { type: 'volume', name }, JSON.stringify(mountsOf(up.value.containerId)));
  assert.ok(volumeExists(name));

  const started = await client.request('remoteServer.start', { workspaceFolder: ws, serverRoot: SERVER_ROOT, hostExtensions: { 'berth-test.probe': hostExtension() } });
  assert.ok(started.ok, !started.ok ? started.error.message : '');
  assert.deepEqual(started.value.extensionsFailed, []);
  const inContainer = (...argv: string[]) => docker('exec', up.value.containerId, ...argv);
  // The volume is the remote user's private folder, with the token, the extensions and the data in it; the home has none of it.
  assert.equal(inContainer('stat', '-c', '%a %U', SERVER_VOLUME), '700 dev');
  assert.equal(inContainer('stat', '-c', '%a %U', `${SERVER_VOLUME}/token`), '600 dev');
  assert.equal(inContainer('stat', '-c', '%U', `${SERVER_VOLUME}/extensions/berth-test.probe-0.0.1/package.json`), 'dev');
  assert.equal(inContainer('sh', '-c', 'test -e /home/dev/.berth-vscode-server && echo there || echo none'), 'none');
  docker('exec', '-u', 'dev', up.value.containerId, 'sh', '-c', `echo kept > ${SERVER_VOLUME}/data/Machine/berth-test-note`);

  // Rebuild: a new container, the same volume, and the server finds its extension and data again
  // (the host's copy is not offered this time: it could only come from the volume). The rebuilt
  // config names another remoteUser: the volume, and all in it, is that user's now.
  writeFileSync(join(ws, '.devcontainer/devcontainer.json'), JSON.stringify(config('dev2')));
  const rebuilt = await client.request('up', { workspaceFolder: ws, removeExistingContainer: true, remoteServerVolume: true });
  assert.ok(rebuilt.ok, !rebuilt.ok ? rebuilt.error.message : '');
  assert.notEqual(rebuilt.value.containerId, up.value.containerId);
  assert.equal(mountsOf(rebuilt.value.containerId).find((m) => m.Destination === SERVER_VOLUME)?.Name, name);
  // The old container's pid file is in the volume: here that pid is someone else's process, which is left alone.
  const bystander = docker('exec', rebuilt.value.containerId, 'sh', '-c', 'sleep 600 > /dev/null 2>&1 & echo $! > "$1/server.pid" && echo $!', 'plant', SERVER_VOLUME);
  const said: string[] = [];
  const listening = client.onNotification('progress', (p) => p.token === 'rebuilt' && said.push(p.event.message));
  const again = await client.request('remoteServer.start', { workspaceFolder: ws, serverRoot: SERVER_ROOT, progressToken: 'rebuilt' });
  listening.dispose();
  assert.ok(again.ok, !again.ok ? again.error.message : '');
  // The new container found the server's build in the volume every dev container shares: no second copy.
  assert.ok(said.some((m) => /VS Code server .* was installed already/.test(m)), said.join('\n'));
  assert.deepEqual(again.value.extensionsFailed, []);
  assert.equal(again.value.token, started.value.token);
  assert.equal(docker('exec', rebuilt.value.containerId, 'cat', `${SERVER_VOLUME}/data/Machine/berth-test-note`), 'kept');
  assert.equal(docker('exec', rebuilt.value.containerId, 'sh', '-c', 'kill -0 "$1" && echo alive', 'check', bystander), 'alive');
  assert.equal(docker('exec', rebuilt.value.containerId, 'stat', '-c', '%a %U', SERVER_VOLUME), '700 dev2');
  assert.equal(docker('exec', rebuilt.value.containerId, 'stat', '-c', '%a %U', `${SERVER_VOLUME}/token`), '600 dev2');
  assert.ok(serverProcesses(rebuilt.value.containerId).every((l) => l.trim().startsWith('dev2 ')), serverProcesses(rebuilt.value.containerId).join('\n'));
  assert.match(await openWorkbench(again.value.localAddress, again.value.token), /workbench/);

  // down --remove takes the container, never the volume.
  const down = await berth(['down', '--remove', '--workspace-folder', ws]);
  assert.equal(down.code, 0, down.stderr);
  assert.ok(volumeExists(name));
});
