// Berth and the devcontainer CLI on the same compose config: the same project name, service
// and container labels, so each tool finds and reuses the other's project.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { berth, docker, REPO, testEnv } from '../support/cli';
import { cleanupComposeProjects, composeWorkspace } from '../support/compose';
import { BASE_IMAGE, cleanupWorkspaces } from '../support/workspace';

after(() => {
  cleanupComposeProjects();
  cleanupWorkspaces();
});

function devcontainerCli(args: string[]) {
  const r = spawnSync(join(REPO, 'node_modules/.bin/devcontainer'), args, { encoding: 'utf8', env: testEnv });
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return { code: r.status, stderr: r.stderr, json: JSON.parse(last.startsWith('{') ? last : '{}') };
}

const SHARED = ['com.docker.compose.project', 'com.docker.compose.service', 'devcontainer.local_folder', 'devcontainer.config_file'];

function identity(id: string) {
  const labels = JSON.parse(docker('inspect', id))[0].Config.Labels as Record<string, string>;
  return { ...Object.fromEntries(SHARED.map((k) => [k, labels[k]])), config: JSON.parse(labels['devcontainer.metadata']).pop() };
}

test("each tool finds the other's compose project; both label it alike", async () => {
  const { ws, project } = composeWorkspace(
    { dockerComposeFile: 'docker-compose.yml', service: 'app', overrideCommand: true, containerEnv: { FROM: 'config' }, postCreateCommand: 'touch /tmp/created' },
    `version: "3"\nservices:\n  app:\n    image: ${BASE_IMAGE}\n  side:\n    image: ${BASE_IMAGE}\n    command: ["sleep", "infinity"]\n`,
  );
  const theirs = devcontainerCli(['up', '--workspace-folder', ws]);
  assert.equal(theirs.json.outcome, 'success', theirs.stderr);
  assert.equal(theirs.json.composeProjectName, project);
  const cliIdentity = identity(theirs.json.containerId);

  const ours = await berth(['up', '--workspace-folder', ws]);
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(ours.json.containerId, theirs.json.containerId, "Berth reuses the CLI's container");

  assert.equal((await berth(['down', '--remove', '--workspace-folder', ws])).code, 0);
  const fresh = await berth(['up', '--workspace-folder', ws]);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.notEqual(fresh.json.containerId, theirs.json.containerId);
  assert.deepEqual(identity(fresh.json.containerId!), cliIdentity, 'the same project, service and devcontainer labels');

  const again = devcontainerCli(['up', '--workspace-folder', ws]);
  assert.equal(again.json.outcome, 'success', again.stderr);
  assert.equal(again.json.containerId, fresh.json.containerId, "the CLI reuses Berth's container");
});
