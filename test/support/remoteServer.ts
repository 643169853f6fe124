// What the VS Code server tests share: the server build they run in containers (the one
// code-server carries), and helper clients ended with the test file's helper and workspaces.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { connectHelper, type HelperClient } from '../../runtime-helper/rpc/client';
import { BERTH, stopHelper, testEnv } from './cli';
import { cleanupWorkspaces } from './workspace';

export { SERVER_ROOT } from './codeServerFiles';

const clients: HelperClient[] = [];
after(() => {
  for (const c of clients.splice(0)) c.dispose();
  stopHelper(testEnv);
  cleanupWorkspaces();
});

/** A client of this test process's helper, as the extension is one. */
export async function helperClient(): Promise<HelperClient> {
  const connected = await connectHelper({ clientName: 'test', helperScript: BERTH, env: testEnv });
  assert.ok(connected.ok, !connected.ok ? connected.error.message : '');
  clients.push(connected.value);
  return connected.value;
}
