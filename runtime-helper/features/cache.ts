// Downloaded features, kept on the host by digest so an unchanged feature set needs no
// registry call: manifests by their digest, unpacked contents by the digest of their archive.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-fs';
import { sha256 } from './registry';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth', 'features');
}

const safe = (digest: string) => digest.replace(':', '-');

export function cachedManifest(digest: string): Buffer | undefined {
  const file = join(cacheDir(), 'manifests', `${safe(digest)}.json`);
  if (!existsSync(file)) return undefined;
  const raw = readFileSync(file);
  // A damaged entry is a miss, never a wrong feature.
  return sha256(raw) === digest ? raw : undefined;
}

export function storeManifest(digest: string, raw: Buffer): void {
  const dir = join(cacheDir(), 'manifests');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${safe(digest)}.json`), raw);
}

/** The folder holding the unpacked archive with this digest, when cached. */
export function cachedContent(digest: string): string | undefined {
  const dir = join(cacheDir(), 'content', safe(digest));
  return existsSync(join(dir, '.complete')) ? dir : undefined;
}

/** Unpacks a feature archive (tar, or gzip'd tar) into the cache; atomic, so a crash leaves a miss. */
export async function storeContent(digest: string, archive: Buffer): Promise<string> {
  const dir = join(cacheDir(), 'content', safe(digest));
  const partial = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(partial, { recursive: true });
  try {
    const gzipped = archive[0] === 0x1f && archive[1] === 0x8b;
    const source = Readable.from([archive]);
    await (gzipped ? pipeline(source, createGunzip(), tar.extract(partial)) : pipeline(source, tar.extract(partial)));
    writeFileSync(join(partial, '.complete'), '');
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}
