// The helper's private directory is a real directory of the user's own: a symlink planted in
// its place (by another user, in /tmp) is refused before any client connects or sends its env.
import assert from 'node:assert/strict';
import { chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { connectHelper } from '../../runtime-helper/rpc/client';
import { ensurePrivateDir, helperSocket } from '../../runtime-helper/rpc/socketPath';

const top = mkdtempSync(join(tmpdir(), 'berth-dir-'));
after(() => rmSync(top, { recursive: true, force: true }));

/** A directory as another user would leave it: open to all, with the helper's socket name in it. */
function plantedTarget(name: string): string {
  const target = join(top, name);
  mkdirSync(target, { mode: 0o755 });
  return target;
}

describe('the helper directory', () => {
  test('is created private (0700)', () => {
    const dir = join(top, 'fresh', 'berth');
    assert.ok(ensurePrivateDir(dir).ok);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  test('a symlink in its place is refused, and what it points to is left alone', () => {
    const target = plantedTarget('elsewhere');
    const link = join(top, 'linked');
    symlinkSync(target, link);
    const r = ensurePrivateDir(link);
    assert.ok(!r.ok);
    assert.equal(r.error.message, `the helper directory ${link} is a symbolic link, so Berth will not use it`);
    assert.match(r.error.fix!, /Set BERTH_HELPER_DIR to a directory only you can write to/);
    assert.equal(statSync(target).mode & 0o777, 0o755, 'the target was not chmodded');
  });

  test('a dangling symlink, a file, and a directory of another user are refused', () => {
    const dangling = join(top, 'dangling');
    symlinkSync(join(top, 'nowhere'), dangling);
    assert.match(errorOf(ensurePrivateDir(dangling)), /is a symbolic link/);
    const file = join(top, 'file');
    writeFileSync(file, '');
    assert.match(errorOf(ensurePrivateDir(file)), /is not a directory/);
    if (process.getuid?.() === 0) {
      const theirs = plantedTarget('theirs');
      chownSync(theirs, 65534, 65534);
      assert.match(errorOf(ensurePrivateDir(theirs)), /is owned by another user \(uid 65534\)/);
    }
  });

  test("a client never connects through a planted symlink to another user's socket", async () => {
    const target = plantedTarget('trap');
    const link = join(top, 'trap-link');
    symlinkSync(target, link);
    const env = { ...process.env, BERTH_HELPER_DIR: link, SECRET_TOKEN: 'do-not-send' };
    let connections = 0;
    const trap = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => trap.listen(helperSocket(env), r));
    try {
      const r = await connectHelper({ clientName: 'test', helperScript: '/nonexistent', env, startTimeoutMs: 200 });
      assert.ok(!r.ok);
      assert.match(r.error.message, /is a symbolic link, so Berth will not use it/);
      assert.equal(connections, 0);
    } finally {
      trap.close();
    }
  });
});

function errorOf(r: ReturnType<typeof ensurePrivateDir>): string {
  assert.ok(!r.ok, 'expected a refusal');
  return r.error.message;
}
