// A CLI call whose helper dies under it (killed, crashed) does not hang: the request goes
// once more to the helper the supervisor brings back, and the call finishes there.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { berth, stopHelper, testEnv } from '../support/cli';
import { waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

// A helper of this test's own, so killing it touches no other suite.
const env = { ...testEnv, BERTH_HELPER_DIR: join(mkdtempSync(join(tmpdir(), 'berth-retry-')), 'helper') };
after(() => {
  stopHelper(env);
  cleanupWorkspaces();
});

test('berth up whose helper is killed mid-hook finishes on the restarted helper', async () => {
  const ws = devcontainer({ image: BASE_IMAGE, postCreateCommand: 'sleep 3; echo hook-done' });
  const running = berth(['up', '--workspace-folder', ws], { env });
  // Kill the helper (not its supervisor) once the hook runs.
  const status = await waitFor('the helper', async () => {
    const s = await berth(['helper', 'status'], { env });
    return s.code === 0 && s.json.pid ? (s.json.pid as number) : undefined;
  });
  await new Promise((r) => setTimeout(r, 1500));
  process.kill(status, 'SIGKILL');
  const r = await running;
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.json.outcome, 'success');
  assert.match(r.stderr, /hook-done/);
});
