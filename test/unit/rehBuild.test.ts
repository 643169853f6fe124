// The desktop client's server: product.json reading, the download template, the platform's
// names, and the cache that holds a checked build of the client's commit.
import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { test } from 'node:test';
import * as tar from 'tar-fs';
import { ensureRehBuild, readClientProduct, rehDownloadUrl, rehPlatform, type ClientProduct } from '../../runtime-helper/vscodeServer/rehBuild';

const COMMIT = 'a'.repeat(40);
const VSCODIUM_TEMPLATE = 'https://github.com/VSCodium/vscodium/releases/download/${version}.${release}/vscodium-reh-${os}-${arch}-${version}.${release}.tar.gz';
const vscodium: ClientProduct = { commit: COMMIT, version: '1.96.4', release: '25023', quality: 'stable', serverDownloadUrlTemplate: VSCODIUM_TEMPLATE };

/** A server build's .tar.gz, its files under `top/` as VS Code's own archives have them. */
async function serverTarball(commit: string, top = 'vscode-reh-linux-x64'): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'berth-reh-'));
  mkdirSync(join(root, top, 'out'), { recursive: true });
  writeFileSync(join(root, top, 'out/server-main.js'), '');
  writeFileSync(join(root, top, 'product.json'), JSON.stringify({ commit, version: '1.96.4' }));
  writeFileSync(join(root, top, 'package.json'), JSON.stringify({ version: '1.96.4' }));
  // Beside the files, not among them.
  const file = join(mkdtempSync(join(tmpdir(), 'berth-reh-tgz-')), 'server.tar.gz');
  await pipeline(tar.pack(root, { entries: [top] }), createGzip(), createWriteStream(file));
  return file;
}

test("product.json: the client's commit, version, release and download template", () => {
  const app = mkdtempSync(join(tmpdir(), 'berth-app-'));
  writeFileSync(join(app, 'product.json'), JSON.stringify({ nameShort: 'VSCodium', commit: COMMIT, version: '1.96.4', release: '25023', quality: 'stable', serverDownloadUrlTemplate: VSCODIUM_TEMPLATE }));
  assert.deepEqual(readClientProduct(app), { ok: true, value: vscodium });
  writeFileSync(join(app, 'product.json'), JSON.stringify({ version: '1.96.4' }));
  const noCommit = readClientProduct(app);
  assert.ok(!noCommit.ok && /names no commit/.test(noCommit.error.message) && /berth\.remoteServer\.tarball/.test(noCommit.error.fix ?? ''));
});

test("the template is filled from the product and the container's platform; a missing name is an error", () => {
  assert.deepEqual(rehDownloadUrl(vscodium, { os: 'linux', arch: 'x64' }), { ok: true, value: 'https://github.com/VSCodium/vscodium/releases/download/1.96.4.25023/vscodium-reh-linux-x64-1.96.4.25023.tar.gz' });
  const microsoft = { commit: COMMIT, version: '1.96.4', quality: 'stable', serverDownloadUrlTemplate: 'https://update.code.visualstudio.com/commit:${commit}/server-${os}-${arch}/${quality}' };
  assert.deepEqual(rehDownloadUrl(microsoft, { os: 'alpine', arch: 'arm64' }), { ok: true, value: `https://update.code.visualstudio.com/commit:${COMMIT}/server-alpine-arm64/stable` });
  const noRelease = rehDownloadUrl({ ...vscodium, release: undefined }, { os: 'linux', arch: 'x64' });
  assert.ok(!noRelease.ok && /needs release/.test(noRelease.error.message));
  assert.ok(!rehDownloadUrl({ commit: COMMIT, version: '1' }, { os: 'linux', arch: 'x64' }).ok);
});

test("architecture and libc name the build: linux or alpine, x64, arm64, armhf", () => {
  assert.deepEqual(rehPlatform({ arch: 'x86_64', libc: { kind: 'glibc', version: '2.36' } }), { ok: true, value: { os: 'linux', arch: 'x64' } });
  assert.deepEqual(rehPlatform({ arch: 'aarch64', libc: { kind: 'musl' } }), { ok: true, value: { os: 'alpine', arch: 'arm64' } });
  assert.deepEqual(rehPlatform({ arch: 'armv7l', libc: { kind: 'glibc', version: '2.31' } }), { ok: true, value: { os: 'linux', arch: 'armhf' } });
  assert.ok(!rehPlatform({ arch: 's390x', libc: { kind: 'glibc', version: '2.36' } }).ok);
  assert.ok(!rehPlatform({ arch: 'x86_64', libc: { kind: 'unknown' } }).ok);
});

test('downloaded once, checked to be the commit, then served from the cache', async () => {
  const good = readFileSync(await serverTarball(COMMIT));
  let requests = 0;
  const http = createServer((req, res) => {
    requests++;
    if (req.url === '/1.96.4/linux-x64.tar.gz') res.end(good);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  try {
    const product = { ...vscodium, serverDownloadUrlTemplate: `http://127.0.0.1:${(http.address() as { port: number }).port}/\${version}/\${os}-\${arch}.tar.gz` };
    const cacheDir = mkdtempSync(join(tmpdir(), 'berth-reh-cache-'));
    const first = await ensureRehBuild({ product, platform: { os: 'linux', arch: 'x64' }, cacheDir });
    assert.ok(first.ok, !first.ok ? first.error.message : '');
    assert.equal(first.value.commit, COMMIT);
    const again = await ensureRehBuild({ product, platform: { os: 'linux', arch: 'x64' }, cacheDir });
    assert.deepEqual(again, first);
    assert.equal(requests, 1, 'the second time comes from the cache');
    const missing = await ensureRehBuild({ product, platform: { os: 'alpine', arch: 'x64' }, cacheDir });
    assert.ok(!missing.ok && /cannot download the VS Code server aaaaaaaaaa from .*alpine-x64.tar.gz: HTTP 404/.test(missing.error.message) && /berth\.remoteServer\.tarball/.test(missing.error.fix ?? ''));
  } finally {
    http.close();
  }
});

test('a local tarball is used offline; one of another commit is refused and not cached', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'berth-reh-cache-'));
  const offline = { ...vscodium, serverDownloadUrlTemplate: 'http://127.0.0.1:9/unreachable' };
  const other = await ensureRehBuild({ product: offline, platform: { os: 'linux', arch: 'x64' }, cacheDir, tarball: await serverTarball('b'.repeat(40)) });
  assert.ok(!other.ok && /is the VS Code server of commit bbbbbbbbbb, not the editor's aaaaaaaaaa/.test(other.error.message));
  const local = await ensureRehBuild({ product: offline, platform: { os: 'linux', arch: 'x64' }, cacheDir, tarball: await serverTarball(COMMIT, '.') });
  assert.ok(local.ok && local.value.commit === COMMIT, !local.ok ? local.error.message : '');
  const absent = await ensureRehBuild({ product: offline, platform: { os: 'linux', arch: 'arm64' }, cacheDir, tarball: '/nonexistent/server.tar.gz' });
  assert.ok(!absent.ok && absent.error.property === 'berth.remoteServer.tarball');
});
