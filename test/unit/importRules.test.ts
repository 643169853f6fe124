// The layering rules, checked on every source file: the extension (src/) reaches the helper's
// code only through rpc/ and util/, the helper never loads vscode, and config/ knows nothing of
// the engine. Each import, dynamic import and require is resolved against the importing file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = resolve(__dirname, '../..');
const HELPER = join(ROOT, 'runtime-helper');

interface Import {
  file: string;
  line: number;
  specifier: string;
  /** Absolute path for a relative specifier, else the bare specifier. */
  target: string;
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(file: string, text = readFileSync(file, 'utf8')): Import[] {
  return [...text.matchAll(IMPORT)].map((m) => ({
    file: relative(ROOT, file),
    line: text.slice(0, m.index).split('\n').length,
    specifier: m[2],
    target: m[2].startsWith('.') ? resolve(dirname(file), m[2]) : m[2],
  }));
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
const show = (found: Import[]) => found.map((i) => `${i.file}:${i.line} imports ${i.specifier}`);

/** Imports in `dir` that break a rule, as `file:line imports x` for the failure message. */
function violations(dir: string, breaks: (i: Import) => boolean): string[] {
  return show(sourceFiles(dir).flatMap((f) => importsOf(f)).filter(breaks));
}

const rules = {
  srcReachesOnlyRpcAndUtil: (i: Import) => inside(i.target, HELPER) && !inside(i.target, join(HELPER, 'rpc')) && !inside(i.target, join(HELPER, 'util')),
  helperWithoutVscode: (i: Import) => i.target === 'vscode' || i.target.startsWith('vscode/'),
  configWithoutEngine: (i: Import) => inside(i.target, join(HELPER, 'engine')),
};

describe('import rules', () => {
  test('src/ imports nothing of runtime-helper/ but rpc/ and util/', () => {
    assert.deepEqual(violations(join(ROOT, 'src'), rules.srcReachesOnlyRpcAndUtil), []);
  });

  test('runtime-helper/ never imports vscode', () => {
    assert.deepEqual(violations(HELPER, rules.helperWithoutVscode), []);
  });

  test('runtime-helper/config/ does not import runtime-helper/engine/', () => {
    assert.deepEqual(violations(join(HELPER, 'config'), rules.configWithoutEngine), []);
  });

  test('the check sees every kind of import it guards against', () => {
    const text = [
      "import { up } from '../../runtime-helper/engine/up';",
      "import type { X } from '../../runtime-helper/config/types';",
      "const m = await import('../../runtime-helper/daemon/helper');",
      "const r = require('../../runtime-helper/features/stage');",
      "import '../../runtime-helper/compose/up';",
      "import { ok } from '../../runtime-helper/util/result';",
      "import type { Requests } from '../../runtime-helper/rpc/protocol';",
    ].join('\n');
    const found = importsOf(join(ROOT, 'src/x/file.ts'), text).filter(rules.srcReachesOnlyRpcAndUtil).map((i) => i.specifier);
    assert.deepEqual(found, ['../../runtime-helper/engine/up', '../../runtime-helper/config/types', '../../runtime-helper/daemon/helper', '../../runtime-helper/features/stage', '../../runtime-helper/compose/up']);
  });
});
