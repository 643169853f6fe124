import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveBuildPaths } from '../../runtime-helper/config/load';
import { formatError } from '../../runtime-helper/util/result';
import { devcontainer, errorOf, load, loadError, okValue } from './configFixture';

const IMAGE = 'berth-base:bookworm';

describe('config validation', () => {
  test('a wrongly typed containerEnv value: file:line:col, property, expected and actual, and the quoted fix', () => {
    const ws = devcontainer('{\n  "image": "x",\n  "containerEnv": {\n    "FOO": 3000\n  }\n}');
    const e = loadError(ws);
    assert.equal(formatError(e), `${ws}/.devcontainer/devcontainer.json:4:5: 'containerEnv.FOO': expected a string, got the number 3000\n  fix: Quote the value: "3000"`);
  });

  test('every reference property in its documented forms is accepted without warnings', () => {
    const loaded = load(
      devcontainer(
        {
          $schema: 'https://raw.githubusercontent.com/devcontainers/spec/main/schemas/devContainer.schema.json',
          name: 'all',
          build: { dockerfile: 'Dockerfile', context: '..', args: { V: '1' }, target: 'dev', cacheFrom: ['a', 'b'], options: ['--network=host'] },
          workspaceFolder: '/src',
          workspaceMount: 'type=bind,source=${localWorkspaceFolder},target=/src',
          mounts: ['type=volume,source=v,target=/v', { type: 'tmpfs', target: '/t' }, { type: 'bind', source: '/tmp', target: '/h' }],
          appPort: [3000, '8000:8010'],
          forwardPorts: [3000, 'db:5432'],
          portsAttributes: { '3000': { label: 'web', protocol: 'https', onAutoForward: 'openBrowserOnce', requireLocalPort: true, elevateIfNeeded: false } },
          otherPortsAttributes: { onAutoForward: 'silent' },
          containerEnv: { A: '1' },
          remoteEnv: { B: '2', C: null },
          containerUser: 'root',
          remoteUser: 'dev',
          updateRemoteUserUID: true,
          userEnvProbe: 'loginInteractiveShell',
          overrideCommand: true,
          shutdownAction: 'stopContainer',
          init: true,
          privileged: false,
          capAdd: ['SYS_PTRACE'],
          securityOpt: ['seccomp=unconfined'],
          runArgs: ['--init'],
          initializeCommand: ['echo', 'host'],
          onCreateCommand: 'echo a',
          updateContentCommand: ['echo', 'b'],
          postCreateCommand: { one: 'echo c', two: ['echo', 'd'] },
          postStartCommand: 'echo e',
          postAttachCommand: 'echo f',
          waitFor: 'postCreateCommand',
          customizations: { vscode: { extensions: ['x.y'] } },
          secrets: { TOKEN: { description: 'a token', documentationUrl: 'https://example.invalid' } },
        },
        { '.devcontainer/Dockerfile': `FROM ${IMAGE}\n` },
      ),
    );
    assert.deepEqual(loaded.warnings, []);
  });

  test('hooks take a string, an array or an object of those; anything else names the part', () => {
    load(devcontainer({ image: 'x', postCreateCommand: 'a', postStartCommand: ['b', 'c'], postAttachCommand: { one: 'x', two: ['y'] } }));
    assert.equal(loadError(devcontainer({ image: 'x', postCreateCommand: { one: 3 } })).property, 'postCreateCommand.one');
    assert.equal(loadError(devcontainer({ image: 'x', onCreateCommand: true })).message, 'expected a string, an array of strings or an object of those, got the boolean true');
  });

  test('mount objects need a type among bind, volume, tmpfs and a target', () => {
    assert.equal(loadError(devcontainer({ image: 'x', mounts: [{ type: 'bind', source: '/a' }] })).message, '"target" is required here');
    const e = loadError(devcontainer({ image: 'x', mounts: ['type=bind,source=/a,target=/b', { type: 'nfs', target: '/x' }] }));
    assert.equal(e.property, 'mounts.1.type');
  });

  test('ports are numbers in range or "host:port" strings; appPort strings go to the engine', () => {
    assert.equal(loadError(devcontainer({ image: 'x', forwardPorts: [0] })).message, 'expected a port number (1-65535), got the number 0');
    assert.equal(loadError(devcontainer({ image: 'x', forwardPorts: ['3000'] })).property, 'forwardPorts.0');
    assert.equal(loadError(devcontainer({ image: 'x', appPort: 65536 })).property, 'appPort');
    load(devcontainer({ image: 'x', appPort: '127.0.0.1:8000:8000', forwardPorts: ['localhost:3000'] }));
  });

  test('enums: shutdownAction, userEnvProbe, waitFor, protocol, onAutoForward', () => {
    const cases: [object, string][] = [
      [{ shutdownAction: 'halt' }, 'shutdownAction'],
      [{ userEnvProbe: 'bash' }, 'userEnvProbe'],
      [{ waitFor: 'never' }, 'waitFor'],
      [{ portsAttributes: { '80': { protocol: 'ftp' } } }, 'portsAttributes.80.protocol'],
      [{ otherPortsAttributes: { onAutoForward: 'popup' } }, 'otherPortsAttributes.onAutoForward'],
    ];
    for (const [extra, property] of cases) {
      const e = loadError(devcontainer({ image: 'x', ...extra }));
      assert.equal(e.property, property);
      assert.match(e.message, /^expected one of "/);
    }
  });

  test('hostRequirements: cpus at least 1, sizes such as "8gb", gpu true/false/"optional"/object', () => {
    load(devcontainer({ image: 'x', hostRequirements: { cpus: 2, memory: '8gb', storage: '32GB', gpu: 'optional' } }));
    load(devcontainer({ image: 'x', hostRequirements: { gpu: { cores: 2, memory: '4gb' } } }));
    assert.equal(loadError(devcontainer({ image: 'x', hostRequirements: { cpus: 0 } })).property, 'hostRequirements.cpus');
    assert.equal(loadError(devcontainer({ image: 'x', hostRequirements: { gpu: 'maybe' } })).property, 'hostRequirements.gpu');
  });

  test('unknown properties are warnings with file, line, column and property, at every depth', () => {
    const ws = devcontainer('{\n "image": "x",\n "imagee": "y",\n "build": { "dockerfil": "D" },\n "portsAttributes": { "80": { "colour": "red" } }\n}');
    const loaded = load(ws);
    assert.deepEqual(
      loaded.warnings.map((w) => formatError(w)),
      [
        `${ws}/.devcontainer/devcontainer.json:3:2: 'imagee': unknown property; Berth ignores it`,
        `${ws}/.devcontainer/devcontainer.json:4:13: 'build.dockerfil': unknown property; Berth ignores it`,
        `${ws}/.devcontainer/devcontainer.json:5:31: 'portsAttributes.80.colour': unknown property; Berth ignores it`,
      ],
    );
  });

  test('legacy VS Code properties are warnings that say what to do; features are no longer ignored', () => {
    const loaded = load(devcontainer({ image: 'x', extensions: ['a.b'], features: { 'ghcr.io/devcontainers/features/node:1': {} } }));
    assert.deepEqual(loaded.warnings.map((w) => [w.property, w.message]), [
      ['extensions', 'a legacy property, read as customizations.vscode.extensions; move it there'],
    ]);
  });

  test('the first error is the one reported', () => {
    const e = loadError(devcontainer({ name: 1, image: 2 }));
    assert.equal(e.property, 'name');
  });

  test('exactly one of image, build.dockerfile (or dockerFile) and dockerComposeFile', () => {
    assert.match(loadError(devcontainer({ name: 'nothing' })).message, /^the config names nothing to run/);
    assert.match(loadError(devcontainer({ build: { context: '..' } })).message, /^the config names nothing to run/);
    const both = loadError(devcontainer({ image: 'x', dockerFile: 'Dockerfile' }));
    assert.equal(both.message, '"image" and "dockerFile" are all set; keep exactly one');
    assert.equal(both.property, 'dockerFile');
    assert.equal(loadError(devcontainer({ image: 'x', dockerComposeFile: ['a.yml'], service: 'app' })).property, 'dockerComposeFile');
    assert.match(loadError(devcontainer({ dockerComposeFile: ['a.yml'] })).message, /^"service" is required with "dockerComposeFile"/);
  });

  test('a missing Dockerfile names build.dockerfile and its position', () => {
    const ws = devcontainer('{\n  "build": {\n    "dockerfile": "Nope.Dockerfile"\n  }\n}');
    const e = errorOf(resolveBuildPaths(load(ws)));
    assert.deepEqual([e.property, e.line, e.column, e.file], ['build.dockerfile', 3, 5, `${ws}/.devcontainer/devcontainer.json`]);
    assert.equal(e.message, `the Dockerfile ${ws}/.devcontainer/Nope.Dockerfile does not exist`);
  });

  test('build paths are absolute, relative to the config folder, the context defaulting to it; legacy forms too', () => {
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile', context: '..' } }, { '.devcontainer/Dockerfile': 'FROM x' });
    assert.deepEqual(okValue(resolveBuildPaths(load(ws))), { dockerfile: `${ws}/.devcontainer/Dockerfile`, context: ws });
    const legacy = devcontainer({ dockerFile: 'Dockerfile' }, { '.devcontainer/Dockerfile': 'FROM x' });
    assert.deepEqual(okValue(resolveBuildPaths(load(legacy))), { dockerfile: `${legacy}/.devcontainer/Dockerfile`, context: `${legacy}/.devcontainer` });
    assert.equal(okValue(resolveBuildPaths(load(devcontainer({ image: 'x' })))), undefined);
  });
});
