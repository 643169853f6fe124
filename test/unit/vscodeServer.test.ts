// What decides whether the host's VS Code server can run in a container, and where it comes from.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkCanRun, parseProbe, type Platform } from '../../runtime-helper/vscodeServer/platform';
import { readServerBits } from '../../runtime-helper/vscodeServer/serverBits';
import { redactToken } from '../../runtime-helper/vscodeServer/serverProcess';
import { hasServerVolume, serverVolumeName, withServerVolume } from '../../runtime-helper/vscodeServer/serverVolume';
import { devcontainerId } from '../../runtime-helper/config/devcontainerId';
import { vscodeCustomizations } from '../../runtime-helper/vscodeServer/vscodeCustomizations';
import { remoteWindowUrl } from '../../src/remote/remoteWindowUrl';

const host: Platform = { arch: 'x86_64', libc: { kind: 'glibc', version: '2.36' } };

test('the probe gives architecture, home, ids and the C library', () => {
  assert.deepEqual(parseProbe('x86_64\n/home/dev\n1000\n1000\nglibc 2.36\n'), { ok: true, value: { arch: 'x86_64', home: '/home/dev', uid: 1000, gid: 1000, libc: { kind: 'glibc', version: '2.36' } } });
  const alpine = parseProbe('aarch64\n/root\n0\n0\nmusl\n');
  assert.ok(alpine.ok && alpine.value.libc.kind === 'musl');
  assert.equal(parseProbe('sh: uname: not found\n').ok, false);
});

test('the server runs where the architecture matches and glibc is as new as the host\'s', () => {
  assert.ok(checkCanRun(host, { arch: 'x86_64', libc: { kind: 'glibc', version: '2.36' } }).ok);
  assert.ok(checkCanRun(host, { arch: 'x86_64', libc: { kind: 'glibc', version: '2.39' } }).ok);
  const cases: [Platform, RegExp][] = [
    [{ arch: 'aarch64', libc: { kind: 'glibc', version: '2.36' } }, /it is aarch64, the host's server is built for x86_64/],
    [{ arch: 'x86_64', libc: { kind: 'musl' } }, /C library is musl/],
    [{ arch: 'x86_64', libc: { kind: 'glibc', version: '2.31' } }, /glibc 2\.31 is older than the host's 2\.36/],
    [{ arch: 'x86_64', libc: { kind: 'glibc', version: '2.4' } }, /glibc 2\.4 is older/],
    [{ arch: 'x86_64', libc: { kind: 'unknown' } }, /no glibc found/],
  ];
  for (const [container, message] of cases) {
    const r = checkCanRun(host, container);
    assert.ok(!r.ok && message.test(r.error.message) && r.error.fix, JSON.stringify(r));
  }
});

test('the server build is read from its product.json; a folder without one says what to pass', () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-server-'));
  const missing = readServerBits(root);
  assert.ok(!missing.ok && /holds no VS Code server/.test(missing.error.message) && /appRoot/.test(missing.error.fix ?? ''));
  mkdirSync(join(root, 'out'));
  writeFileSync(join(root, 'out/server-main.js'), '');
  writeFileSync(join(root, 'package.json'), '{"version":"1.96.4"}');
  writeFileSync(join(root, 'product.json'), '{"commit":"b7ef8f9bd70cb5b342fa8ec8a0086bad676d8124","version":"1.96.4"}');
  assert.deepEqual(readServerBits(root), { ok: true, value: { root, commit: 'b7ef8f9bd70cb5b342fa8ec8a0086bad676d8124', version: '1.96.4' } });
  writeFileSync(join(root, 'product.json'), '{"version":"1.96.4"}');
  assert.ok(!readServerBits(root).ok);
});

test('the server\'s address with its token never reaches a message', () => {
  assert.equal(redactToken('Web UI available at http://localhost:1234?tkn=abc123\n'), 'Web UI available at http://localhost:1234?tkn=…\n');
});

test('customizations.vscode of image, features and config: extensions collected once, later settings win', () => {
  const merged = { customizations: { vscode: [
    { extensions: ['ms-python.python', 'golang.Go'], settings: { 'a.b': 1, 'c': 'image' } },
    { extensions: ['MS-Python.python', 'berth.probe'], settings: { 'c': 'config' } },
    { extensions: ['-golang.go'] },
  ] } };
  assert.deepEqual(vscodeCustomizations(merged), { extensions: ['MS-Python.python', 'berth.probe'], settings: { 'a.b': 1, 'c': 'config' } });
  assert.deepEqual(vscodeCustomizations({}), { extensions: [], settings: {} });
});

test('the ports attributes become the server\'s, unless the config\'s settings say otherwise', () => {
  const portsAttributes = { '3000': { label: 'web', onAutoForward: 'notify' as const } };
  const otherPortsAttributes = { onAutoForward: 'silent' as const };
  assert.deepEqual(vscodeCustomizations({ portsAttributes, otherPortsAttributes }).settings, { 'remote.portsAttributes': portsAttributes, 'remote.otherPortsAttributes': otherPortsAttributes });
  const own = { 'remote.otherPortsAttributes': { onAutoForward: 'ignore' } };
  assert.deepEqual(vscodeCustomizations({ otherPortsAttributes, customizations: { vscode: [{ settings: own }] } }).settings, own);
});

test('the container window\'s address carries the remote folder and the token as query parameters', () => {
  const url = new URL(remoteWindowUrl(41234, '/workspaces/my app', 'ab12'));
  assert.equal(url.host, 'localhost:41234');
  assert.equal(url.searchParams.get('folder'), '/workspaces/my app');
  assert.equal(url.searchParams.get('tkn'), 'ab12');
});

test('the server\'s volume: one per dev container (folder and config file), stable across rebuilds, added after the config\'s mounts', () => {
  const identity = (folder: string, file: string) => {
    const labels = { 'devcontainer.local_folder': folder, 'devcontainer.config_file': file };
    return { labels, devcontainerId: devcontainerId(labels) };
  };
  const one = identity('/w', '/w/.devcontainer/devcontainer.json');
  assert.match(serverVolumeName(one.devcontainerId), /^berth-vscode-server-[0-9a-v]{12}$/);
  assert.equal(serverVolumeName(identity('/w', '/w/.devcontainer/devcontainer.json').devcontainerId), serverVolumeName(one.devcontainerId));
  const names = new Set([one, identity('/w', '/w/.devcontainer/b/devcontainer.json'), identity('/v', '/v/.devcontainer/devcontainer.json')].map((i) => serverVolumeName(i.devcontainerId)));
  assert.equal(names.size, 3);

  const workspace = { Type: 'bind' as const, Source: '/w', Target: '/workspaces/w' };
  const plan = withServerVolume({ options: { Image: 'i', HostConfig: { Mounts: [workspace] } }, origins: [] }, one);
  const mounts = plan.options.HostConfig?.Mounts ?? [];
  // The data volume is the dev container's; the builds volume is every dev container's.
  assert.deepEqual(mounts.map((m) => [m.Type, m.Source, m.Target]), [['bind', '/w', '/workspaces/w'], ['volume', serverVolumeName(one.devcontainerId), '/var/lib/berth/vscode-server'], ['volume', 'berth-vscode-server-builds', '/opt/berth/vscode-server']]);
  assert.deepEqual(mounts[1].VolumeOptions?.Labels, one.labels);
  // How the server tells a container made with it from one made without (the CLI, an older Berth).
  assert.ok(hasServerVolume({ Mounts: [{ Type: 'volume', Name: 'x', Destination: '/var/lib/berth/vscode-server' }] }));
  assert.ok(!hasServerVolume({ Mounts: [{ Type: 'bind', Source: '/w', Destination: '/workspaces/w' }] }));
});
