// The extension's HelperConnection answers failures as values: a helper that cannot start
// comes back as a Result with its message and fix, never as a thrown error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { installFakeVscode } from '../support/fakeVscode';

class EventEmitter {
  event = () => ({ dispose() {} });
  fire() {}
  dispose() {}
}
installFakeVscode({
  EventEmitter,
  Disposable: class { constructor(readonly dispose: () => void) {} },
  env: { appName: 'test' },
  workspace: { getConfiguration: () => ({ get: () => undefined }) },
});

const dir = mkdtempSync(join(tmpdir(), 'berth-helper-conn-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a helper that cannot start is a failed Result with its fix, not an exception', async () => {
  const { HelperConnection } = require('../../src/helper/helperConnection') as typeof import('../../src/helper/helperConnection');
  const log = { info() {}, warn() {}, error() {} };
  const connection = new HelperConnection(() => join(dir, 'no-such-berth.js'), log as never);
  connection.useEnv({ BERTH_HELPER_DIR: join(dir, 'helper') });
  const r = await connection.request('containers.list', {});
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error.message : '', /The Berth helper did not start/);
  assert.match(!r.ok ? r.error.fix ?? '' : '', /helper serve/);
  connection.dispose();
});
