import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { devcontainerId } from '../../runtime-helper/config/devcontainerId';
import { loadConfig } from '../../runtime-helper/config/load';
import { substituteContainerEnv, substituteHost } from '../../runtime-helper/config/substitute';
import { devcontainer, load, workspace } from './configFixture';
import { formatMount } from '../../runtime-helper/config/mounts';

const host = { env: { HOME_X: '/home/x', EMPTY: '' }, localWorkspaceFolder: '/home/x/proj', containerWorkspaceFolder: '/workspaces/proj', devcontainerId: 'ID' };

describe('variable substitution', () => {
  test('each host variable', () => {
    const cases: [string, string][] = [
      ['${localEnv:HOME_X}', '/home/x'],
      ['${env:HOME_X}', '/home/x'],
      ['${localEnv:MISSING:fallback}', 'fallback'],
      ['${localEnv:MISSING:a:b}', 'a:b'],
      ['${localEnv:MISSING}', ''],
      ['${localEnv:EMPTY:unused}', ''],
      ['${localWorkspaceFolder}', '/home/x/proj'],
      ['${localWorkspaceFolderBasename}', 'proj'],
      ['${containerWorkspaceFolder}', '/workspaces/proj'],
      ['${containerWorkspaceFolderBasename}', 'proj'],
      ['${devcontainerId}', 'ID'],
      ['a-${localWorkspaceFolderBasename}-${localEnv:HOME_X}-z', 'a-proj-/home/x-z'],
      ['${unknownVariable}', '${unknownVariable}'],
      ['${containerEnv:PATH}', '${containerEnv:PATH}'],
      ['$HOME and {localEnv:X}', '$HOME and {localEnv:X}'],
    ];
    for (const [input, expected] of cases) assert.equal(substituteHost(input, host), expected, input);
  });

  test('every string of the config, at any depth; other values and keys untouched', () => {
    const input = { a: ['${localWorkspaceFolderBasename}', 3, true, null], b: { '${localEnv:HOME_X}': { c: '${devcontainerId}' } } };
    assert.deepEqual(substituteHost(input, host), { a: ['proj', 3, true, null], b: { '${localEnv:HOME_X}': { c: 'ID' } } });
  });

  test('${containerEnv:VAR[:default]} waits for the container, then resolves', () => {
    const remoteEnv = { PATH: '${containerEnv:PATH}:/extra', X: '${containerEnv:NOPE:def}', Y: '${containerEnv:NOPE}', Z: '${localEnv:HOME_X}' };
    assert.deepEqual(substituteContainerEnv(remoteEnv, { PATH: '/usr/bin' }), { PATH: '/usr/bin:/extra', X: 'def', Y: '', Z: '${localEnv:HOME_X}' });
  });

  test('loading substitutes host variables; workspaceFolder may use them and everything may use it', () => {
    const ws = devcontainer({
      image: 'x',
      workspaceFolder: '/src/${localWorkspaceFolderBasename}',
      containerEnv: { A: '${localEnv:HOME_X}', E: '${containerWorkspaceFolder}|${containerWorkspaceFolderBasename}', F: '${devcontainerId}' },
      remoteEnv: { PATH: '${containerEnv:PATH}:/extra' },
    });
    const loaded = load(ws, { HOME_X: '/home/x' });
    assert.deepEqual(loaded.config.containerEnv, { A: '/home/x', E: '/src/ws|ws', F: loaded.devcontainerId });
    assert.equal(loaded.containerWorkspaceFolder, '/src/ws');
    // workspaceFolder moves the working folder only; the mount stays at /workspaces/<name>, as in the devcontainer CLI.
    assert.equal(formatMount(loaded.workspaceMount), `type=bind,source=${ws},target=/workspaces/ws`);
    assert.equal(loaded.config.remoteEnv!.PATH, '${containerEnv:PATH}:/extra');
  });

  test('defaults: /workspaces/<basename> and a bind mount of the workspace; identity labels', () => {
    const ws = devcontainer({ image: 'x' });
    const loaded = load(ws);
    assert.equal(loaded.containerWorkspaceFolder, '/workspaces/ws');
    assert.equal(formatMount(loaded.workspaceMount), `type=bind,source=${ws},target=/workspaces/ws`);
    assert.deepEqual(loaded.labels, { 'devcontainer.local_folder': ws, 'devcontainer.config_file': `${ws}/.devcontainer/devcontainer.json` });
    assert.equal(loaded.workspaceFolder, ws);
    assert.equal(loaded.configFile, `${ws}/.devcontainer/devcontainer.json`);
  });

  test('the result agrees with `devcontainer read-configuration` of the devcontainer CLI', () => {
    const config = {
      image: 'x',
      workspaceFolder: '/w/${localWorkspaceFolderBasename}',
      containerEnv: { A: '${localEnv:BERTH_T}', B: '${localEnv:BERTH_MISSING:dflt}', C: '${localEnv:BERTH_MISSING}', D: '${localWorkspaceFolder}', E: '${containerWorkspaceFolderBasename}' },
      remoteEnv: { P: '${containerEnv:PATH}' },
      mounts: ['type=volume,source=${localWorkspaceFolderBasename}-cache,target=${containerWorkspaceFolder}/cache'],
    };
    const env = { ...process.env, BERTH_T: 'from-host' };
    const ws = devcontainer(config);
    const theirs = readConfiguration(ws, env);
    const loaded = load(ws, env);
    assert.deepEqual(loaded.config, theirs.config);
    assert.equal(loaded.containerWorkspaceFolder, theirs.workspaceFolder);
    assert.equal(formatMount(loaded.workspaceMount), theirs.workspaceMount);
  });
});

/** What the devcontainer CLI makes of a workspace's config, without an engine. */
function readConfiguration(ws: string, env: NodeJS.ProcessEnv) {
  const cli = join(__dirname, '..', '..', 'node_modules', '.bin', 'devcontainer');
  const out = JSON.parse(execFileSync(cli, ['read-configuration', '--workspace-folder', ws], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const { configFilePath: _, ...config } = out.configuration;
  return { config, workspaceFolder: out.workspace.workspaceFolder as string, workspaceMount: out.workspace.workspaceMount as string };
}

describe('devcontainerId', () => {
  const labels = { 'devcontainer.local_folder': '/w', 'devcontainer.config_file': '/w/.devcontainer/devcontainer.json' };

  test('matches the value @devcontainers/cli 0.89 computes for the same identity labels', () => {
    assert.equal(devcontainerId(labels), '0gn1u8u55qadm6uv071vp3trcdti1b3nvgm3pmh0k3hqn6pk3vhi');
  });

  test('is sha256 of the labels as JSON with sorted keys, in base 32 padded to 52; key order does not matter', () => {
    const json = '{"devcontainer.config_file":"/w/.devcontainer/devcontainer.json","devcontainer.local_folder":"/w"}';
    const expected = BigInt('0x' + createHash('sha256').update(json).digest('hex')).toString(32).padStart(52, '0');
    assert.equal(devcontainerId({ 'devcontainer.config_file': labels['devcontainer.config_file'], 'devcontainer.local_folder': '/w' }), expected);
    assert.equal(expected.length, 52);
  });

  test('stable across loads (rebuilds), different for another config of the same folder', () => {
    const ws = workspace({ '.devcontainer/a/devcontainer.json': { image: 'x' }, '.devcontainer/b/devcontainer.json': { image: 'x' } });
    const id = (name: string) => {
      const r = loadConfig({ workspaceFolder: ws, configFile: `${ws}/.devcontainer/${name}/devcontainer.json`, env: {} });
      assert.ok(r.ok);
      return r.value.devcontainerId;
    };
    assert.equal(id('a'), id('a'));
    assert.notEqual(id('a'), id('b'));
  });
});
