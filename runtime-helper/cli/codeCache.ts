// Loads a bundle through V8's code cache, so a CLI call skips compiling what the last call
// compiled. Node 20 has no module compile cache; v8-compile-cache only caches what is compiled
// eagerly, while most of a bundle compiles lazily, so the cache is taken when the process ends.
// The cache lives in the user's private helper directory: a cache another user could write
// would be code that runs as this user.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { ensurePrivateDir, helperDir } from '../rpc/socketPath';

export function requireWithCodeCache(file: string): unknown {
  const source = readFileSync(file, 'utf8');
  // V8 checks only the source's length, so the name says which build of the file it is
  // (a hash would load node:crypto, the cost this saves) and which runtime made it.
  const { size, mtimeMs, ino } = statSync(file);
  const key = [size, Math.round(mtimeMs), ino, process.versions.v8, process.arch].join('-');
  const cacheFile = join(helperDir(), 'code-cache', `${basename(file)}-${key}.bin`);
  const cachedData = readIfPresent(cacheFile);
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => saveQuietly(cacheFile, `${basename(file)}-`, () => script.createCachedData()));
  const mod = new Module(file, module);
  mod.filename = file;
  mod.loaded = true;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  return mod.exports;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A cache is only a speed-up: failing to write one must never fail the command. */
function saveQuietly(file: string, bundlePrefix: string, data: () => Buffer): void {
  try {
    if (!ensurePrivateDir(dirname(dirname(file))).ok || !ensurePrivateDir(dirname(file)).ok) return;
    // Written aside and renamed, so a concurrent call never reads half a cache.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, data(), { mode: 0o600 });
    renameSync(partial, file);
    // Earlier builds' caches of the same bundle are of no more use.
    for (const old of readdirSync(dirname(file))) if (old.startsWith(bundlePrefix) && old.endsWith('.bin') && old !== basename(file)) rmSync(join(dirname(file), old), { force: true });
  } catch {
    // Read-only or full disk: run uncached.
  }
}
