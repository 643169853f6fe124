// The broken-input corpus at the config layer: every case is refused by loading alone,
// with a message that holds each expected substring (file:line:col, property, words).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, resolveBuildPaths } from '../../runtime-helper/config/load';
import { formatError, type BerthError } from '../../runtime-helper/util/result';

const root = join(__dirname, '..', 'fixtures', 'broken');
const cases: { name: string; expect: string[] }[] = JSON.parse(readFileSync(join(root, 'cases.json'), 'utf8'));

/** What `berth up` checks before touching the engine: the config, then the paths it names. */
function configError(workspaceFolder: string): BerthError | undefined {
  const loaded = loadConfig({ workspaceFolder, env: {} });
  if (!loaded.ok) return loaded.error;
  const paths = resolveBuildPaths(loaded.value);
  return paths.ok ? undefined : paths.error;
}

test('the manifest lists every case folder, and there are at least 22', () => {
  const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.deepEqual(cases.map((c) => c.name).sort(), folders);
  assert.ok(cases.length >= 22, `${cases.length} cases`);
});

for (const c of cases) {
  test(`broken: ${c.name}`, () => {
    const error = configError(join(root, c.name));
    assert.ok(error, 'expected the config to be refused');
    const text = formatError(error);
    for (const s of c.expect) assert.ok(text.includes(s), `expected ${JSON.stringify(s)} in:\n${text}`);
    assert.ok(error.fix || error.file, `a message names where or what fixes it:\n${text}`);
  });
}
