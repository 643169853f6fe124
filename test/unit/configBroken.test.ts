// The broken-input corpus at the config layer: every case that needs no engine is refused by
// loading alone, with a message that holds what the case expects (file:line:col, property, words).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, test } from 'node:test';
import { loadConfig, resolveBuildPaths } from '../../runtime-helper/config/load';
import { formatError, type BerthError } from '../../runtime-helper/util/result';
import { BROKEN_CASES, filesOf, FIXTURES, missingFrom } from '../fixtures/broken/corpus';
import { cleanupWorkspaces, workspace } from '../support/workspace';

after(cleanupWorkspaces);

/** What `berth up` checks before touching the engine: the config, then the paths it names. */
function configError(workspaceFolder: string, configFile?: string): BerthError | undefined {
  const loaded = loadConfig({ workspaceFolder, configFile, env: {} });
  if (!loaded.ok) return loaded.error;
  const paths = resolveBuildPaths(loaded.value);
  return paths.ok ? undefined : paths.error;
}

test('the corpus names every fixture folder, and at least 45 cases need no engine', () => {
  const folders = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.deepEqual(BROKEN_CASES.flatMap((c) => (c.fixture ? [c.fixture] : [])).sort(), folders);
  assert.ok(BROKEN_CASES.filter((c) => !c.engine).length >= 45);
});

for (const c of BROKEN_CASES.filter((c) => !c.engine)) {
  test(`broken: ${c.name}`, () => {
    const ws = workspace(filesOf(c));
    const args = (c.args ?? []).map((a) => a.replace('{ws}', ws));
    const flag = args.indexOf('--config');
    const error = configError(ws, flag >= 0 ? args[flag + 1] : undefined);
    assert.ok(error, 'expected the config to be refused');
    const text = formatError(error);
    assert.deepEqual(missingFrom(text, c), [], text);
    assert.ok(error.fix || error.file, `a message names where or what fixes it:\n${text}`);
  });
}
