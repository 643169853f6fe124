// A helper that goes away while a request is being written (killed mid-operation) must not
// crash its client: the request fails, or is retried, as a value.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectHelper } from '../../runtime-helper/rpc/client';
import { ensurePrivateDir, helperSocket } from '../../runtime-helper/rpc/socketPath';

const dir = mkdtempSync(join(tmpdir(), 'berth-client-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a request written to a helper that has closed its end rejects, and nothing is thrown unhandled', async () => {
  const env = { ...process.env, BERTH_HELPER_DIR: join(dir, 'helper') };
  assert.ok(ensurePrivateDir(env.BERTH_HELPER_DIR).ok);
  // It accepts, then closes at once, as a helper killed right after the connection would.
  const gone = createServer((s) => s.destroy());
  await new Promise<void>((r) => gone.listen(helperSocket(env), r));
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    const client = await connectHelper({ clientName: 'test', helperScript: '/nonexistent', env });
    assert.ok(client.ok);
    const closed = new Promise<void>((r) => client.value.onClose(r));
    await closed;
    await assert.rejects(client.value.request('operations.list', {}));
    await new Promise((r) => setTimeout(r, 200));
    client.value.dispose();
    assert.deepEqual(unhandled.map(String), []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    gone.close();
  }
});
