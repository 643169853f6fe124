// Which compose files and which project name, by the devcontainer CLI's rules; the override file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { overrideDocument } from '../../runtime-helper/compose/override';
import { podmanIsolation } from '../../runtime-helper/engine/podmanAdapter';
import { composeFiles, projectName } from '../../runtime-helper/compose/project';
import { loadConfig } from '../../runtime-helper/config/load';
import { mergeMetadata } from '../../runtime-helper/config/metadata';
import { okValue, workspace } from './configFixture';

const compose = 'services:\n  app:\n    image: x\n';
const load = (ws: string, configFile?: string) => okValue(loadConfig({ workspaceFolder: ws, configFile, env: {} }));
const name = (ws: string, env: NodeJS.ProcessEnv = {}, configFile?: string) => {
  const loaded = load(ws, configFile);
  return projectName(loaded, okValue(composeFiles(loaded, env)), env, undefined);
};

describe('compose files and project name', () => {
  test('in .devcontainer: <workspace>_devcontainer, lower-cased and cleaned', () => {
    const ws = workspace({ '.devcontainer/devcontainer.json': { dockerComposeFile: 'docker-compose.yml', service: 'app' }, '.devcontainer/docker-compose.yml': compose }, 'My.Shop');
    assert.equal(name(ws), 'myshop_devcontainer');
    assert.equal(load(ws).containerWorkspaceFolder, '/', 'workspaceFolder defaults to /');
  });

  test("elsewhere: the first file's folder", () => {
    const ws = workspace({ '.devcontainer/devcontainer.json': { dockerComposeFile: ['../deploy/base.yml', '../deploy/dev.yml'], service: 'app' }, 'deploy/base.yml': compose, 'deploy/dev.yml': compose });
    const loaded = load(ws);
    assert.deepEqual(okValue(composeFiles(loaded, {})), [join(ws, 'deploy/base.yml'), join(ws, 'deploy/dev.yml')]);
    assert.equal(name(ws), 'deploy');
  });

  test('COMPOSE_PROJECT_NAME (environment, then .env) wins, then a top-level name: (the last file that has one)', () => {
    const ws = workspace({
      '.devcontainer/devcontainer.json': { dockerComposeFile: ['a.yml', 'b.yml'], service: 'app' },
      '.devcontainer/a.yml': `name: first\n${compose}`,
      '.devcontainer/b.yml': `name: Second\n${compose}`,
    });
    assert.equal(name(ws), 'second');
    assert.equal(name(ws, { COMPOSE_PROJECT_NAME: 'From.Env' }), 'fromenv');
    const withDotEnv = workspace({ '.env': 'COMPOSE_PROJECT_NAME=dotenv\n', '.devcontainer/devcontainer.json': { dockerComposeFile: 'a.yml', service: 'app' }, '.devcontainer/a.yml': compose }, 'w');
    assert.equal(name(withDotEnv), 'dotenv');
  });

  test('an empty dockerComposeFile: COMPOSE_FILE from the environment or .env, else docker-compose.yml', () => {
    const ws = workspace({ '.env': 'COMPOSE_FILE=other.yml\n', '.devcontainer/devcontainer.json': { dockerComposeFile: [], service: 'app' }, 'other.yml': compose, 'env.yml': compose, 'docker-compose.yml': compose });
    assert.deepEqual(okValue(composeFiles(load(ws), {})), [join(ws, 'other.yml')]);
    assert.deepEqual(okValue(composeFiles(load(ws), { COMPOSE_FILE: 'env.yml' })), [join(ws, 'env.yml')]);
  });

  test('a missing file: the path as resolved, at its entry', () => {
    const ws = workspace({ '.devcontainer/devcontainer.json': { dockerComposeFile: ['docker-compose.yml', 'nope.yml'], service: 'app' }, '.devcontainer/docker-compose.yml': compose });
    const r = composeFiles(load(ws), {});
    assert.ok(!r.ok);
    assert.equal(r.error.message, `the compose file ${join(ws, '.devcontainer/nope.yml')} does not exist`);
    assert.equal(r.error.property, 'dockerComposeFile.1');
  });
});

describe('the override file', () => {
  test("sets the primary service's settings, with compose's $ escaped", () => {
    const merged = mergeMetadata({ overrideCommand: true, init: true, privileged: true, capAdd: ['SYS_PTRACE'], securityOpt: ['seccomp=unconfined'], containerUser: 'dev', containerEnv: { PRICE: '$5' }, mounts: ['type=volume,source=cache,target=/cache', { type: 'bind', source: '/etc/hosts', target: '/h', readonly: true }] }, []);
    const doc = okValue(overrideDocument({ service: 'app', merged, image: 'prepared', labels: { 'devcontainer.metadata': '[{"a":"$x"}]' }, version: '3' }));
    const app = (doc.services as Record<string, Record<string, unknown>>).app;
    assert.equal(doc.version, '3');
    assert.equal(app.image, 'prepared');
    assert.match((app.entrypoint as string[]).join(' '), /wait \$\$!/);
    assert.deepEqual(app.command, []);
    assert.deepEqual([app.init, app.privileged, app.cap_add, app.security_opt, app.user], [true, true, ['SYS_PTRACE'], ['seccomp=unconfined'], 'dev']);
    assert.deepEqual(app.environment, { PRICE: '$$5' });
    assert.deepEqual(app.labels, { 'devcontainer.metadata': '[{"a":"$$x"}]' });
    assert.deepEqual(app.volumes, [
      { type: 'volume', source: 'cache', target: '/cache' },
      { type: 'bind', source: '/etc/hosts', target: '/h', read_only: true },
    ]);
    assert.deepEqual(doc.volumes, { cache: {} });
  });

  test("features' entrypoints run first, then the service's entrypoint and command, else the image's, as the devcontainer CLI writes them", () => {
    const merged = mergeMetadata({}, [{ id: 'f', entrypoint: '/f-entry $X' } as never]);
    const image = { entrypoint: ['/img-entry'], cmd: ['img-cmd'] };
    const app = (own: object) => (okValue(overrideDocument({ service: 'app', merged, labels: {}, own: { service: own, image } })).services as Record<string, Record<string, unknown>>).app;
    // Everything after the script is an argument: the entrypoint count, the entrypoints, then what runs last.
    const args = (a: Record<string, unknown>) => (a.entrypoint as string[]).slice(4);
    assert.deepEqual(args(app({})), ['1', '/f-entry $$X', '/img-entry']);
    assert.deepEqual(app({}).command, ['img-cmd'], 'a new entrypoint drops the image CMD in compose: it is restated');
    assert.deepEqual(args(app({ entrypoint: `/svc "a b" c\\ d 'e f'`, command: 'run it' })), ['1', '/f-entry $$X', '/svc', 'a b', 'c d', 'e f']);
    assert.equal(app({ entrypoint: '/svc', command: 'run it' }).command, undefined, "the service's own command stays");
    assert.deepEqual(app({ entrypoint: ['/svc'] }).command, [], 'a service entrypoint without a command runs bare, as compose runs it');
    const kept = (okValue(overrideDocument({ service: 'app', merged: mergeMetadata({ overrideCommand: true }, [{ id: 'f', entrypoint: '/f' } as never]), labels: {} })).services as Record<string, Record<string, unknown>>).app;
    assert.deepEqual([(kept.entrypoint as string[]).slice(4), kept.command], [['1', '/f'], []]);
  });

  test('on Podman the service gets label=disable, and keep-id for a non-root user when rootless, as a single container does', () => {
    const engine = { isLocal: true, sharesKernel: true, reachesContainerAddresses: false, flavour: 'podman' as const };
    const app = (rootless: boolean, own: { security_opt?: string[]; userns_mode?: string }, user: string) => {
      const merged = mergeMetadata({ securityOpt: ['seccomp=unconfined'] }, []);
      const isolation = podmanIsolation({ ...engine, rootless }, { securityOpt: [...(own.security_opt ?? []), ...(merged.securityOpt ?? [])], usernsMode: own.userns_mode }, user);
      return (okValue(overrideDocument({ service: 'app', merged, labels: {}, isolation })).services as Record<string, Record<string, unknown>>).app;
    };
    assert.deepEqual([app(false, {}, 'dev').security_opt, app(false, {}, 'dev').userns_mode], [['seccomp=unconfined', 'label=disable'], undefined]);
    assert.deepEqual([app(true, {}, 'dev').userns_mode, app(true, {}, 'root').userns_mode], ['keep-id', undefined]);
    assert.deepEqual(app(false, { security_opt: ['label=level:s0'] }, 'dev').security_opt, ['label=level:s0', 'seccomp=unconfined'], "the service's own label option stays the only one");
    assert.equal(app(true, { userns_mode: 'host' }, 'dev').userns_mode, 'host');
  });

  test('on Podman a bind path with a comma is written as a short bind (kept whole there); with a colon too, refused naming the mount', () => {
    const volumes = (mounts: object[]) => overrideDocument({ service: 'app', merged: mergeMetadata({ mounts } as never, []), labels: {}, podmanBinds: true });
    const app = (mounts: object[]) => (okValue(volumes(mounts)).services as Record<string, Record<string, unknown>>).app;
    assert.deepEqual(app([{ type: 'bind', source: '/w/a,b', target: '/x', readonly: true }, { type: 'bind', source: '/w/plain', target: '/y' }]).volumes, ['/w/a,b:/x:ro', { type: 'bind', source: '/w/plain', target: '/y' }]);
    const r = volumes([{ type: 'bind', source: '/w/a:b,c', target: '/x' }]);
    assert.ok(!r.ok && r.error.property === 'mounts.0' && /both "," and ":": \/w\/a:b,c/.test(r.error.message));
  });

  test("overrideCommand unset leaves the service's entrypoint and command alone", () => {
    const doc = okValue(overrideDocument({ service: 'app', merged: mergeMetadata({}, []), labels: {} }));
    assert.deepEqual(doc, { services: { app: { labels: {} } } });
  });
});
