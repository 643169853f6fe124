// The CLI's code cache: a bundle runs the same from the cache, the cache is private to the
// user, and a rebuilt bundle never runs from the old build's cache, which is removed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const LOADER = join(__dirname, '../../runtime-helper/cli/codeCache.ts');

function runBundle(file: string, helperDir: string): string {
  const script = `require(${JSON.stringify(LOADER)}).requireWithCodeCache(${JSON.stringify(file)}).greet()`;
  return execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, BERTH_HELPER_DIR: helperDir }, encoding: 'utf8' });
}

test('a bundle runs from a private code cache, and a rebuilt one gets its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-code-cache-'));
  const helperDir = join(dir, 'helper');
  const bundle = join(dir, 'bundle.js');
  writeFileSync(bundle, 'exports.greet = () => process.stdout.write(`first ${__filename.endsWith("bundle.js")}`);\n');
  assert.equal(runBundle(bundle, helperDir), 'first true');
  const cacheDir = join(helperDir, 'code-cache');
  const caches = readdirSync(cacheDir);
  assert.equal(caches.length, 1, 'the first run leaves a cache');
  assert.equal(statSync(helperDir).mode & 0o777, 0o700);
  assert.equal(statSync(join(cacheDir, caches[0])).mode & 0o777, 0o600);
  assert.equal(runBundle(bundle, helperDir), 'first true', 'the cached run behaves the same');

  // Same length, different code: V8 alone would accept the old cache.
  writeFileSync(bundle, 'exports.greet = () => process.stdout.write(`later ${__filename.endsWith("bundle.js")}`);\n');
  assert.equal(runBundle(bundle, helperDir), 'later true');
  const after = readdirSync(cacheDir);
  assert.equal(after.length, 1, "the old build's cache is removed");
  assert.notEqual(after[0], caches[0]);
});
