// `berth` run as a program, the way npm links it: the shell line at its top starts Node
// without loading NODE_EXTRA_CA_CERTS, and everything past it still sees the user's value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BERTH, testEnv } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, workspace } from '../support/workspace';

after(cleanupWorkspaces);

// A file that does not exist: Node warns at start when it tries to load one.
const CA = '/nonexistent/berth-test-ca.pem';
const runBin = (args: string[]) => spawnSync(BERTH, args, { encoding: 'utf8', timeout: 300_000, env: { ...testEnv, NODE_EXTRA_CA_CERTS: CA } });

test('the bin starts Node without loading NODE_EXTRA_CA_CERTS; config, hooks and arguments still get theirs', () => {
  const ws = workspace(
    {
      '.devcontainer/devcontainer.json': {
        image: BASE_IMAGE,
        containerEnv: { CA_FROM_HOST: '${localEnv:NODE_EXTRA_CA_CERTS}' },
        initializeCommand: ['sh', '-c', 'printf %s "$NODE_EXTRA_CA_CERTS" > initialize-saw.txt'],
      },
    },
    'a folder with spaces',
  );
  const read = runBin(['read-configuration', '--workspace-folder', ws]);
  assert.equal(read.status, 0, read.stderr);
  assert.doesNotMatch(read.stderr, /extra certs/, 'Node did not load the certificates at start');
  assert.equal(JSON.parse(read.stdout.trim().split('\n').pop()!).configuration.containerEnv.CA_FROM_HOST, CA);

  const up = runBin(['up', '--workspace-folder', ws]);
  assert.equal(up.status, 0, up.stderr);
  assert.equal(readFileSync(join(ws, 'initialize-saw.txt'), 'utf8'), CA, 'initializeCommand runs in the caller\'s environment');
  const env = spawnSync(BERTH, ['exec', '--workspace-folder', ws, 'printenv', 'CA_FROM_HOST'], { encoding: 'utf8', timeout: 300_000, env: testEnv });
  assert.equal(env.stdout.trim(), CA);
});
