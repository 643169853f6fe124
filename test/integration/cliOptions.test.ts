// Command lines written for the devcontainer CLI run unchanged: its shared options are accepted.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { berth } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

test('--log-level takes the devcontainer CLI values, and refuses others naming the flag and the choices', async () => {
  const ws = devcontainer({ image: BASE_IMAGE, name: 'levels' });
  for (const level of ['info', 'debug', 'trace']) {
    const r = await berth(['read-configuration', '--log-level', level, '--workspace-folder', ws]);
    assert.equal(r.code, 0, `${level}: ${r.stderr}`);
    assert.equal((r.json.configuration as { name: string }).name, 'levels');
  }
  const down = await berth(['down', '--workspace-folder', ws, '--log-level', 'debug']);
  assert.equal(down.code, 0, down.stderr);
  const bad = await berth(['up', '--log-level', 'warn', '--workspace-folder', ws]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /option '--log-level <level>' argument 'warn' is invalid\. Allowed choices are info, debug, trace\./);
});
