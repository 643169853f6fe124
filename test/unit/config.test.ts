import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { discoverConfigs } from '../../runtime-helper/config/discover';
import { devcontainerId } from '../../runtime-helper/config/devcontainerId';
import { loadConfig, resolveBuildPaths } from '../../runtime-helper/config/load';
import { mergeMetadata, parseMetadataLabel } from '../../runtime-helper/config/metadata';
import { parseJsonc } from '../../runtime-helper/config/parse';
import { substituteContainerEnv } from '../../runtime-helper/config/substitute';
import { formatError } from '../../runtime-helper/util/result';
import { cleanupWorkspaces, devcontainer, workspace } from '../support/workspace';

after(cleanupWorkspaces);

function load(ws: string, env: NodeJS.ProcessEnv = {}) {
  const r = loadConfig({ workspaceFolder: ws, env });
  if (!r.ok) assert.fail(formatError(r.error));
  return r.value;
}

function loadError(ws: string, configFile?: string) {
  const r = loadConfig({ workspaceFolder: ws, configFile, env: {} });
  assert.equal(r.ok, false, 'expected the config to be refused');
  return (r as { error: import('../../runtime-helper/util/result').BerthError }).error;
}

describe('discovery', () => {
  test('finds .devcontainer/devcontainer.json, .devcontainer.json and subfolder configs', () => {
    const ws = workspace({
      '.devcontainer/devcontainer.json': { image: 'a' },
      '.devcontainer.json': { image: 'b' },
      '.devcontainer/python/devcontainer.json': { image: 'c' },
      '.devcontainer/notes/readme.md': 'x',
    });
    const found = discoverConfigs(ws).map((f) => f.slice(ws.length + 1));
    assert.deepEqual(found, ['.devcontainer/devcontainer.json', '.devcontainer.json', '.devcontainer/python/devcontainer.json']);
  });

  test('several configs without --config: the error lists them and asks for --config', () => {
    const ws = workspace({ '.devcontainer/a/devcontainer.json': { image: 'a' }, '.devcontainer/b/devcontainer.json': { image: 'b' } });
    const e = loadError(ws);
    assert.match(e.message, /2 dev container configs found; choose one with --config/);
    assert.match(e.message, /a\/devcontainer.json/);
    assert.match(e.message, /b\/devcontainer.json/);
    assert.match(e.fix!, /--config/);
  });

  test('a subfolder config is used with --config', () => {
    const ws = workspace({ '.devcontainer/a/devcontainer.json': { image: 'a' }, '.devcontainer/b/devcontainer.json': { image: 'b' } });
    const r = loadConfig({ workspaceFolder: ws, configFile: `${ws}/.devcontainer/b/devcontainer.json`, env: {} });
    assert.ok(r.ok);
    assert.equal(r.value.config.image, 'b');
  });

  test('no config at all names where Berth looked', () => {
    const e = loadError(workspace({ 'README.md': 'x' }));
    assert.match(e.message, /no dev container config/);
    assert.match(e.message, /\.devcontainer\/devcontainer\.json/);
  });
});

describe('JSONC', () => {
  test('comments, trailing commas and a byte-order mark are accepted', () => {
    const text = '\ufeff// top comment\n{\n  /* block */ "image": "x", // trailing\n  "forwardPorts": [3000,],\n}\n';
    const r = parseJsonc('f.json', text);
    assert.ok(r.ok);
    assert.deepEqual(r.value.value, { image: 'x', forwardPorts: [3000] });
  });

  test('a missing comma is an error at the exact line and column', () => {
    const r = parseJsonc('/w/devcontainer.json', '{\n  "image": "x"\n  "name": "y"\n}');
    assert.equal(r.ok, false);
    const e = (r as { error: { line: number; column: number; message: string } }).error;
    assert.equal(e.line, 3);
    assert.equal(e.column, 3);
    assert.match(e.message, /comma is missing/);
  });

  test('locate maps a property path to its line and column, after a BOM', () => {
    const r = parseJsonc('f', '\ufeff{\n "runArgs": [\n   "--init",\n   "--bogus"\n ]\n}');
    assert.ok(r.ok);
    assert.deepEqual(r.value.locate('runArgs.1'), { line: 4, column: 4 });
    assert.deepEqual(r.value.locate('runArgs'), { line: 2, column: 2 });
  });
});

describe('validation', () => {
  test('a wrongly typed containerEnv value names the file, line, column and property', () => {
    const ws = devcontainer('{\n  "image": "x",\n  "containerEnv": {\n    "PORT": 3000\n  }\n}');
    const e = loadError(ws);
    assert.equal(e.property, 'containerEnv.PORT');
    assert.equal(e.line, 4);
    assert.equal(e.column, 5);
    assert.match(e.message, /expected a string, got the number 3000/);
    assert.match(formatError(e), /devcontainer\.json:4:5: 'containerEnv\.PORT'/);
  });

  test('enum values are checked', () => {
    const e = loadError(devcontainer({ image: 'x', shutdownAction: 'halt' }));
    assert.equal(e.property, 'shutdownAction');
    assert.match(e.message, /one of "none", "stopContainer", "stopCompose"/);
  });

  test('hooks take a string, an array or an object of those', () => {
    load(devcontainer({ image: 'x', postCreateCommand: 'a', postStartCommand: ['b', 'c'], postAttachCommand: { one: 'x', two: ['y'] } }));
    const e = loadError(devcontainer({ image: 'x', postCreateCommand: { one: 3 } }));
    assert.equal(e.property, 'postCreateCommand.one');
  });

  test('unknown properties are warnings with their position', () => {
    const loaded = load(devcontainer('{\n "image": "x",\n "imagee": "y",\n "build": { "dockerfil": "D" }\n}'));
    assert.deepEqual(loaded.warnings.map((w) => [w.property, w.line]), [['imagee', 3], ['build.dockerfil', 4]]);
  });

  test('a config must name an image, a Dockerfile or a compose file', () => {
    const e = loadError(devcontainer({ name: 'nothing' }));
    assert.match(e.message, /names no image/);
  });

  test('a missing Dockerfile names build.dockerfile and its position', () => {
    const loaded = load(devcontainer('{\n  "build": {\n    "dockerfile": "Nope.Dockerfile"\n  }\n}'));
    const r = resolveBuildPaths(loaded);
    assert.equal(r.ok, false);
    const e = (r as { error: import('../../runtime-helper/util/result').BerthError }).error;
    assert.equal(e.property, 'build.dockerfile');
    assert.equal(e.line, 3);
    assert.match(e.message, /Nope\.Dockerfile does not exist/);
  });

  test('build paths are relative to the config folder, context defaulting to it', () => {
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile', context: '..' } }, { '.devcontainer/Dockerfile': 'FROM x' });
    const r = resolveBuildPaths(load(ws));
    assert.ok(r.ok);
    assert.deepEqual(r.value, { dockerfile: `${ws}/.devcontainer/Dockerfile`, context: ws });
  });
});

describe('variables', () => {
  test('host variables are substituted everywhere', () => {
    const ws = devcontainer({
      image: 'x',
      workspaceFolder: '/src/${localWorkspaceFolderBasename}',
      containerEnv: {
        A: '${localEnv:HOME_X}',
        B: '${env:MISSING:fallback}',
        C: '${localEnv:MISSING}',
        D: '${localWorkspaceFolder}',
        E: '${containerWorkspaceFolder}|${containerWorkspaceFolderBasename}',
        F: '${devcontainerId}',
      },
      remoteEnv: { PATH: '${containerEnv:PATH}:/extra' },
    });
    const loaded = load(ws, { HOME_X: '/home/x' });
    const env = loaded.config.containerEnv!;
    assert.equal(env.A, '/home/x');
    assert.equal(env.B, 'fallback');
    assert.equal(env.C, '');
    assert.equal(env.D, ws);
    assert.equal(env.E, '/src/ws|ws');
    assert.equal(env.F, loaded.devcontainerId);
    assert.equal(loaded.containerWorkspaceFolder, '/src/ws');
    assert.equal(loaded.workspaceMount, `type=bind,source=${ws},target=/src/ws`);
    // ${containerEnv:…} waits for the container.
    assert.equal(loaded.config.remoteEnv!.PATH, '${containerEnv:PATH}:/extra');
    assert.equal(substituteContainerEnv(loaded.config.remoteEnv!, { PATH: '/usr/bin' }).PATH, '/usr/bin:/extra');
    assert.equal(substituteContainerEnv('${containerEnv:NOPE:def}', {}), 'def');
  });

  test('the default workspace folder is /workspaces/<basename>', () => {
    const loaded = load(devcontainer({ image: 'x' }));
    assert.equal(loaded.containerWorkspaceFolder, '/workspaces/ws');
  });

  test('devcontainerId is the devcontainer CLI hash of the identity labels, stable across loads', () => {
    const labels = { 'devcontainer.local_folder': '/w', 'devcontainer.config_file': '/w/.devcontainer/devcontainer.json' };
    const json = '{"devcontainer.config_file":"/w/.devcontainer/devcontainer.json","devcontainer.local_folder":"/w"}';
    const expected = BigInt('0x' + createHash('sha256').update(json).digest('hex')).toString(32).padStart(52, '0');
    assert.equal(devcontainerId(labels), expected);
    const ws = devcontainer({ image: 'x' });
    assert.equal(load(ws).devcontainerId, load(ws).devcontainerId);
  });
});

describe('metadata merge', () => {
  test('image entries merge with the config as the spec says', () => {
    const image = parseMetadataLabel(JSON.stringify([
      { remoteUser: 'vscode', capAdd: ['SYS_PTRACE'], init: true, containerEnv: { A: '1', B: '1' }, postCreateCommand: 'from-image', mounts: ['type=volume,source=v1,target=/data'], forwardPorts: [3000] },
    ]));
    const merged = mergeMetadata(
      { image: 'x', capAdd: ['SYS_PTRACE', 'NET_ADMIN'], containerEnv: { B: '2' }, postCreateCommand: ['from', 'config'], mounts: [{ type: 'volume', source: 'v2', target: '/data' }], forwardPorts: [3000, 4000], init: false },
      image,
    );
    assert.equal(merged.remoteUser, 'vscode');
    assert.deepEqual(merged.capAdd, ['SYS_PTRACE', 'NET_ADMIN']);
    assert.equal(merged.init, true);
    assert.deepEqual(merged.containerEnv, { A: '1', B: '2' });
    assert.deepEqual(merged.hooks.postCreateCommand, ['from-image', ['from', 'config']]);
    assert.deepEqual(merged.mounts, [{ type: 'volume', source: 'v2', target: '/data' }]);
    assert.deepEqual(merged.forwardPorts, [3000, 4000]);
  });

  test('a label that is one object, or garbage, is read safely', () => {
    assert.deepEqual(parseMetadataLabel('{"remoteUser":"a"}'), [{ remoteUser: 'a' }]);
    assert.deepEqual(parseMetadataLabel('not json'), []);
    assert.deepEqual(parseMetadataLabel(undefined), []);
  });
});
