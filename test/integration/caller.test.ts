// The shared helper runs each request with its caller's environment and settings, never its
// own: the helper here is started by one environment, and the requests come from others.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectHelper, type HelperClient } from '../../runtime-helper/rpc/client';
import { BERTH, berth, docker, removeContainersOf, stopHelper, testEnv } from '../support/cli';
import { forwardOf, httpGet } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

const made: string[] = [];
after(() => {
  for (const ws of made) removeContainersOf(ws);
  cleanupWorkspaces();
  stopHelper(testEnv);
});

describe('the caller, not the helper', () => {
  before(async () => {
    // The first request of this process starts its private helper, with variables no later caller has.
    const status = await berth(['helper', 'status'], { env: { BERTH_CALLER_VALUE: 'the-helper', BERTH_HELPER_ONLY: 'leaked' } });
    assert.equal(status.code, 0, status.stderr);
  });

  test('runArgs -e NAME takes NAME from the CLI that asks, and a name only the helper has stays unset', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, runArgs: ['-e', 'BERTH_CALLER_VALUE', '-e', 'BERTH_HELPER_ONLY'] });
    made.push(ws);
    const r = await berth(['up', '--workspace-folder', ws], { env: { BERTH_CALLER_VALUE: 'the-cli' } });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const env = JSON.parse(docker('inspect', r.json.containerId!))[0].Config.Env as string[];
    assert.ok(env.includes('BERTH_CALLER_VALUE=the-cli'), env.join(' '));
    assert.deepEqual(env.filter((e) => e.startsWith('BERTH_HELPER_ONLY=')), []);
  });

  test('the editor\'s berth.forwardMode setting decides the forward path', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, forwardPorts: [8080], postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}' }, { 'index.html': 'relayed\n' });
    made.push(ws);
    // As the extension connects: its settings travel with hello. On this engine `auto` goes direct.
    const connected = await connectHelper({ clientName: 'test editor', helperScript: BERTH, env: testEnv, settings: { forwardMode: 'relay' } });
    assert.ok(connected.ok, connected.ok ? '' : connected.error.message);
    const editor: HelperClient = connected.value;
    try {
      const r = await editor.request('up', { workspaceFolder: ws });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const f = await forwardOf(ws, 8080);
      assert.equal(f.path, 'relay');
      assert.equal((await httpGet(f.localAddress!, '/index.html')).body.toString(), 'relayed\n');
    } finally {
      editor.dispose();
    }
  });
});
