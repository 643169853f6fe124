// Berth and the devcontainer CLI find each other's containers through the identity labels,
// and configs written for the devcontainer CLI run unchanged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { berth, REPO, testEnv } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer, workspace } from '../support/workspace';

after(cleanupWorkspaces);

function devcontainerCli(args: string[]) {
  const r = spawnSync(join(REPO, 'node_modules/.bin/devcontainer'), args, { encoding: 'utf8', env: testEnv });
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: JSON.parse(last.startsWith('{') ? last : '{}') };
}

describe('devcontainer CLI compatibility', () => {
  test("the devcontainer CLI finds Berth's container", async () => {
    const ws = devcontainer({ image: BASE_IMAGE, remoteEnv: { FROM: 'berth' } });
    const up = await berth(['up', '--workspace-folder', ws]);
    assert.equal(up.code, 0, up.stderr);
    const theirs = devcontainerCli(['up', '--workspace-folder', ws]);
    assert.equal(theirs.json.outcome, 'success', theirs.stderr);
    assert.equal(theirs.json.containerId, up.json.containerId);
    const exec = devcontainerCli(['exec', '--workspace-folder', ws, 'sh', '-c', 'echo "$FROM"']);
    assert.equal(exec.stdout.trim(), 'berth');
  });

  test("Berth finds and reuses the devcontainer CLI's container", async () => {
    const ws = devcontainer({ image: BASE_IMAGE });
    const theirs = devcontainerCli(['up', '--workspace-folder', ws]);
    assert.equal(theirs.json.outcome, 'success', theirs.stderr);
    const ours = await berth(['up', '--workspace-folder', ws]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.json.containerId, theirs.json.containerId);
    const exec = await berth(['exec', '--workspace-folder', ws, 'pwd']);
    assert.equal(exec.stdout.trim(), '/workspaces/ws');
  });
});

describe('configs from the field', () => {
  test('a JSONC config in a subfolder, chosen with --config, with comments, trailing commas and a BOM', async () => {
    const config = `\ufeff// Python tools\n{\n  "name": "py", /* inline */\n  "image": "${BASE_IMAGE}",\n  "workspaceFolder": "/src",\n  "workspaceMount": "source=\${localWorkspaceFolder},target=/src,type=bind",\n  "postCreateCommand": ["touch", "/src/created",],\n}\n`;
    const ws = workspace({ '.devcontainer/python/devcontainer.json': config, '.devcontainer/node/devcontainer.json': { image: BASE_IMAGE } });
    const ambiguous = await berth(['up', '--workspace-folder', ws]);
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.json.message!, /2 dev container configs found; choose one with --config/);
    const up = await berth(['up', '--workspace-folder', ws, '--config', join(ws, '.devcontainer/python/devcontainer.json')]);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(up.json.remoteWorkspaceFolder, '/src');
    const exec = await berth(['exec', '--workspace-folder', ws, '--config', join(ws, '.devcontainer/python/devcontainer.json'), 'ls', '/src/created']);
    assert.equal(exec.code, 0, exec.stderr);
  });
});
