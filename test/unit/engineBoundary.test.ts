// dockerode is one implementation of the Engine contract: nothing but its own folder may
// import it (type imports included), so every other module talks to `Engine`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const ALLOWED = join('runtime-helper', 'engine', 'dockerode') + '/';
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](dockerode|@types\/dockerode)(?:\/[^'"]*)?['"]/m;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : sources(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

test('only runtime-helper/engine/dockerode/ imports dockerode', () => {
  const offenders = ['runtime-helper', 'src', 'test', 'bench', 'scripts']
    .flatMap((d) => sources(join(ROOT, d)))
    .map((f) => relative(ROOT, f))
    .filter((f) => !f.startsWith(ALLOWED) && IMPORT.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the rule sees an import of dockerode', () => {
  const name = ['docker', 'ode'].join(''); // spelt apart, so this file is no import itself
  for (const line of [`import Docker from '${name}';`, `import type Docker from '${name}';`, `const D = require("${name}");`, `await import('${name}')`]) assert.match(line, IMPORT);
  assert.doesNotMatch('// the engine (dockerode and everything above it)', IMPORT);
});
