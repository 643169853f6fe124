// Per-hook progress in the host-side container state, and state files from before it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createHooksPending, readState, writeState } from '../../runtime-helper/engine/state';

process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'berth-state-'));

test('create-time hooks are pending until all three succeeded', () => {
  writeState('c1', { createHooksDone: ['onCreateCommand', 'updateContentCommand'] });
  assert.equal(createHooksPending(readState('c1')), true);
  writeState('c1', { createHooksDone: ['onCreateCommand', 'updateContentCommand', 'postCreateCommand'] });
  assert.equal(createHooksPending(readState('c1')), false);
  assert.equal(createHooksPending(readState('never-seen')), true);
});

test('a state file written before per-hook progress (createHooksDone: true) means all of them ran', () => {
  const dir = join(process.env.XDG_STATE_HOME!, 'berth', 'containers');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'old.json'), JSON.stringify({ createHooksDone: true, remoteUser: 'dev' }));
  assert.deepEqual(readState('old'), { createHooksDone: ['onCreateCommand', 'updateContentCommand', 'postCreateCommand'], remoteUser: 'dev' });
  assert.equal(createHooksPending(readState('old')), false);
});
