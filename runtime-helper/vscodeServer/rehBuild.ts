// The VS Code server for a desktop client (VSCodium, Code-OSS): the REH ("remote extension
// host") build of the client's own commit, found through `serverDownloadUrlTemplate` in the
// client's product.json, or a local tarball on an offline machine. Cached on the host per
// commit and platform, and checked to be that commit before it is used: a server of another
// commit would only answer "version mismatch".
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-fs';
import { fail, ok, type Result } from '../util/result';
import type { Platform } from './platform';
import { readServerBits, SERVER_MAIN, type ServerBits } from './serverBits';

/** What Berth reads of the client's product.json. */
export interface ClientProduct {
  commit: string;
  version: string;
  quality?: string;
  /** VSCodium's build number, part of its release names. */
  release?: string;
  serverDownloadUrlTemplate?: string;
}

export function readClientProduct(appRoot: string): Result<ClientProduct> {
  const file = join(appRoot, 'product.json');
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : undefined);
    const commit = text('commit') ?? '';
    if (!/^[0-9a-f]{7,40}$/.test(commit)) return fail({ message: `${file} names no commit: a build from source cannot get a matching server`, fix: 'Use a released build of the editor, or set berth.remoteServer.tarball to a server built from the same commit.' });
    return ok({ commit, version: text('version') ?? '', quality: text('quality'), release: text('release'), serverDownloadUrlTemplate: text('serverDownloadUrlTemplate') });
  } catch (err) {
    return fail({ message: `cannot read the editor's ${file}: ${(err as Error).message}` });
  }
}

const ARCH: Record<string, string> = { x86_64: 'x64', aarch64: 'arm64', armv7l: 'armhf' };

/** The names the server builds use for the container's platform: os `linux` (glibc) or `alpine` (musl). */
export function rehPlatform(container: Platform): Result<{ os: string; arch: string }> {
  const arch = ARCH[container.arch];
  if (!arch) return fail({ message: `no VS Code server build exists for a ${container.arch} container` });
  if (container.libc.kind === 'unknown') return fail({ message: 'the container has no C library a VS Code server build is made for (neither glibc nor musl)' });
  return ok({ os: container.libc.kind === 'musl' ? 'alpine' : 'linux', arch });
}

/** The template with its `${name}`s filled in; one the client's product does not give is an error, not a guess. */
export function rehDownloadUrl(product: ClientProduct, platform: { os: string; arch: string }): Result<string> {
  const template = product.serverDownloadUrlTemplate;
  if (!template) return fail({ message: "the editor's product.json has no serverDownloadUrlTemplate: Berth cannot tell where its server is published", fix: 'Download the server build of the editor\'s commit yourself and set berth.remoteServer.tarball to it.' });
  const values: Record<string, string | undefined> = { commit: product.commit, version: product.version, quality: product.quality, release: product.release, os: platform.os, arch: platform.arch };
  const missing = new Set<string>();
  const url = template.replace(/\$\{(\w+)\}/g, (_, name: string) => values[name] ?? (missing.add(name), ''));
  if (missing.size) return fail({ message: `serverDownloadUrlTemplate needs ${[...missing].join(', ')}, which the editor's product.json does not give` });
  return ok(url);
}

export function rehCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth', 'vscode-server');
}

export interface RehSource {
  product: ClientProduct;
  platform: { os: string; arch: string };
  cacheDir: string;
  /** A local .tar.gz of the server (the berth.remoteServer.tarball setting), for offline machines. */
  tarball?: string;
}

/** The server build of the client's commit, from the cache, the local tarball, or the download. */
export async function ensureRehBuild(source: RehSource): Promise<Result<ServerBits>> {
  const { product, platform } = source;
  const dir = join(source.cacheDir, `${product.commit}-${platform.os}-${platform.arch}`);
  if (existsSync(join(dir, COMPLETE))) return readServerBits(readFileSync(join(dir, COMPLETE), 'utf8'));
  let archive: Readable;
  let from: string;
  if (source.tarball) {
    if (!existsSync(source.tarball)) return fail({ message: `${source.tarball} does not exist`, property: 'berth.remoteServer.tarball', fix: 'Point the setting at the server .tar.gz of the editor\'s commit, or clear it to download.' });
    archive = createReadStream(source.tarball);
    from = source.tarball;
  } else {
    const url = rehDownloadUrl(product, platform);
    if (!url.ok) return url;
    from = url.value;
    const response = await fetch(url.value).catch((err: Error) => err);
    if (response instanceof Error || !response.ok || !response.body) {
      const why = response instanceof Error ? (response.cause as Error | undefined)?.message ?? response.message : `HTTP ${response.status}`;
      return fail({ message: `cannot download the VS Code server ${product.commit.slice(0, 10)} from ${url.value}: ${why}`, fix: 'On an offline machine, download it elsewhere and set berth.remoteServer.tarball to the file.' });
    }
    archive = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    await pipeline(archive, createGunzip(), tar.extract(partial));
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    return fail({ message: `${from} is not a readable .tar.gz: ${(err as Error).message}` });
  }
  const checked = checkBuild(partial, product.commit, from);
  if (!checked.ok) {
    rmSync(partial, { recursive: true, force: true });
    return checked;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  const root = join(dir, checked.value);
  // Written last, naming the server's folder: a half-made cache entry is made again.
  writeFileSync(join(dir, COMPLETE), root);
  return readServerBits(root);
}

const COMPLETE = '.berth-complete';

/** The server's folder in the unpacked archive (its top or one folder down), if it is the wanted commit. */
function checkBuild(unpacked: string, commit: string, from: string): Result<string> {
  const candidates = ['', ...readdirSync(unpacked)];
  const folder = candidates.find((c) => existsSync(join(unpacked, c, SERVER_MAIN)));
  if (folder === undefined) return fail({ message: `${from} holds no VS Code server (no ${SERVER_MAIN})` });
  const bits = readServerBits(join(unpacked, folder));
  if (!bits.ok) return bits;
  if (bits.value.commit !== commit) return fail({ message: `${from} is the VS Code server of commit ${bits.value.commit.slice(0, 10)}, not the editor's ${commit.slice(0, 10)}`, fix: 'Use the server build of the editor\'s own commit.' });
  return ok(folder);
}
