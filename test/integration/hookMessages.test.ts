// A failing hook's message as a script reads it in the JSON result: the hook's colour codes are gone.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { berth } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

test('a failing postCreateCommand that prints colours: the JSON message keeps its words and loses the escape codes', async () => {
  const ws = devcontainer({ image: BASE_IMAGE, postCreateCommand: "printf '\\033[1;31mnpm ERR!\\033[0m missing script: setup\\n'; exit 2" });
  const r = await berth(['up', '--workspace-folder', ws]);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.json.message!, /\u001b/);
  assert.doesNotMatch(r.json.description as string, /\u001b/);
  assert.match(r.json.message!, /postCreateCommand failed with exit code 2; its last output:\n    npm ERR! missing script: setup/);
});
