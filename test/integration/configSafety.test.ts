// What Berth keeps of a config on the engine and in the user's environment: host secrets stay
// on the host, the environment probe keeps only what the shell exported, and legacy keys are
// read the way the devcontainer CLI reads them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { berth, docker, REPO, testEnv } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

const SECRET = 'hunter2-not-for-labels';

describe('config safety', () => {
  test('a ${localEnv:…} secret reaches the container env but never its labels, as with the devcontainer CLI', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, containerEnv: { TOKEN: '${localEnv:BERTH_TEST_SECRET}' }, remoteEnv: { ALSO: 'x-${localEnv:BERTH_TEST_SECRET}' } });
    const up = await berth(['up', '--workspace-folder', ws], { env: { BERTH_TEST_SECRET: SECRET } });
    assert.equal(up.code, 0, up.stderr);
    const labels = docker('inspect', '-f', '{{json .Config.Labels}}', up.json.containerId!);
    assert.ok(!labels.includes(SECRET), `the secret is in the labels: ${labels}`);
    const entries = JSON.parse(JSON.parse(labels)['devcontainer.metadata']);
    assert.deepEqual(entries.at(-1).containerEnv, { TOKEN: '${localEnv:BERTH_TEST_SECRET}' }, 'the entry as written');
    assert.ok(docker('inspect', '-f', '{{json .Config.Env}}', up.json.containerId!).includes(`TOKEN=${SECRET}`), 'the container env has the value');
    const exec = await berth(['exec', '--workspace-folder', ws, 'printenv', 'ALSO'], { env: { BERTH_TEST_SECRET: SECRET } });
    assert.equal(exec.stdout.trim(), `x-${SECRET}`);
  });

  test("the environment probe keeps only the shell's exported variables, not its complaints or rc-file banners", async () => {
    // bash -i without a terminal complains on stderr; these rc files also print on both streams.
    const rc = 'echo "BANNER=from-bashrc"; echo "rc complaint" >&2; export FROM_RC=yes';
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' }, postCreateCommand: 'true' }, { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN echo '${rc}' >> /root/.bashrc\n` });
    const up = await berth(['up', '--workspace-folder', ws]);
    assert.equal(up.code, 0, up.stderr);
    const image = docker('inspect', '-f', '{{.Image}}', up.json.containerId!);
    try {
      const exec = await berth(['exec', '--workspace-folder', ws, 'cat', '/proc/self/environ']);
      const names = exec.stdout.split('\0').filter(Boolean).map((e) => e.slice(0, e.indexOf('=')));
      assert.ok(names.includes('FROM_RC'), `the shell's export is kept: ${names.join(' ')}`);
      for (const name of names) assert.match(name, /^[A-Za-z_][A-Za-z0-9_]*$/, `a variable name: ${JSON.stringify(name)}`);
      assert.ok(!exec.stdout.includes('BANNER') && !exec.stdout.includes('bash:'), exec.stdout);
    } finally {
      docker('rm', '-f', '-v', up.json.containerId!);
      docker('rmi', ...JSON.parse(docker('image', 'inspect', '-f', '{{json .RepoTags}}', image)));
    }
  });

  test('top-level extensions and settings are read as customizations.vscode, as the devcontainer CLI reads them', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, extensions: ['old.ext'], settings: { a: 1, b: 1 }, customizations: { vscode: { extensions: ['new.ext'], settings: { b: 2 } } } });
    const theirs = spawnSync(join(REPO, 'node_modules/.bin/devcontainer'), ['read-configuration', '--workspace-folder', ws], { encoding: 'utf8', env: testEnv });
    const cli = JSON.parse(theirs.stdout.trim().split('\n').pop()!).configuration;
    const ours = await berth(['read-configuration', '--workspace-folder', ws]);
    assert.equal(ours.code, 0, ours.stderr);
    const berthConfig = ours.json.configuration as Record<string, unknown>;
    assert.deepEqual(berthConfig.customizations, cli.customizations);
    assert.deepEqual(cli.customizations, { vscode: { extensions: ['new.ext', 'old.ext'], settings: { a: 1, b: 2 } } });
    for (const key of ['extensions', 'settings']) assert.ok(!(key in berthConfig) && !(key in cli), `no top-level ${key}`);
    const up = await berth(['up', '--workspace-folder', ws]);
    assert.match(up.stderr, /devcontainer\.json:\d+:\d+: 'extensions': a legacy property, read as customizations\.vscode\.extensions; move it there/);
  });
});
