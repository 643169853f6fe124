// Feature references, options and install order, without an engine or a registry.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ok } from '../../runtime-helper/util/result';
import { mergeMetadata } from '../../runtime-helper/config/metadata';
import { lockfilePath } from '../../runtime-helper/features/lockfile';
import { optionEnvName, optionValues } from '../../runtime-helper/features/options';
import { installOrder } from '../../runtime-helper/features/order';
import { foldLegacyFeatures, parseFeatureRef, type FeatureRef } from '../../runtime-helper/features/ref';
import type { FeatureMetadata, ResolvedFeature } from '../../runtime-helper/features/types';

const WS = '/w';
const CONFIG = '/w/.devcontainer/devcontainer.json';
const ref = (id: string): FeatureRef => {
  const r = parseFeatureRef(id, CONFIG, WS);
  assert.ok(r.ok, id);
  return r.value.ref;
};

function feature(userId: string, extra: Partial<ResolvedFeature> = {}): ResolvedFeature {
  const r = ref(userId);
  const id = r.kind === 'oci' ? r.id : userId.replace(/^\.\//, '');
  return { userId, ref: r, value: {}, meta: { id }, integrity: `sha256:${id}`, content: async () => ok('/x'), aliases: [id], dependsOn: [], installsAfter: [], priority: 0, ...extra };
}
const ids = (r: ReturnType<typeof installOrder>) => (r.ok ? r.value.map((f) => f.userId) : r.error.message);

describe('feature references', () => {
  test('OCI with tag, digest or neither; registries with a port', () => {
    assert.deepEqual(ref('ghcr.io/devcontainers/features/node:1'), { kind: 'oci', userId: 'ghcr.io/devcontainers/features/node:1', registry: 'ghcr.io', resource: 'ghcr.io/devcontainers/features/node', namespace: 'devcontainers/features', id: 'node', path: 'devcontainers/features/node', tag: '1', digest: undefined });
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.equal((ref(`localhost:5000/a/b/c@${digest}`) as { digest: string }).digest, digest);
    assert.equal((ref('localhost:5000/a/c') as { tag: string }).tag, 'latest');
  });

  test('local folders inside .devcontainer; a tarball URL names its id', () => {
    assert.deepEqual(ref('./tools/x'), { kind: 'local', userId: './tools/x', id: 'x', dir: '/w/.devcontainer/tools/x' });
    assert.deepEqual(ref('https://example.com/r/devcontainer-feature-go.tgz'), { kind: 'tarball', userId: 'https://example.com/r/devcontainer-feature-go.tgz', id: 'go', url: 'https://example.com/r/devcontainer-feature-go.tgz' });
    const outside = parseFeatureRef('../x', CONFIG, WS);
    assert.ok(!outside.ok && /outside the \.devcontainer folder/.test(outside.error.message));
  });

  test('legacy short ids map as the CLI maps them, with a warning naming the new id', () => {
    const r = parseFeatureRef('common', CONFIG, WS);
    assert.ok(r.ok);
    assert.equal(r.value.ref.kind === 'oci' && r.value.ref.resource, 'ghcr.io/devcontainers/features/common-utils');
    assert.match(r.value.warning!, /Write "ghcr\.io\/devcontainers\/features\/common-utils:1" instead/);
    const gone = parseFeatureRef('oryx', CONFIG, WS);
    assert.ok(!gone.ok && /legacy feature id that no longer exists/.test(gone.error.message));
  });

  test('gradle, maven and jupyterlab fold into java or python with an install option, as the CLI folds them', () => {
    const java = 'ghcr.io/devcontainers/features/java';
    // Without java in the config: a new java:1 after the others, carrying both options; errors point at the first legacy key.
    const added = foldLegacyFeatures({ gradle: 'latest', './x': {}, maven: {} });
    assert.deepEqual(added.features, { './x': {}, [`${java}:1`]: { installGradle: true, installMaven: true } });
    assert.deepEqual(added.origin, { [`${java}:1`]: 'gradle' });
    assert.match(added.warnings[0], /^"gradle" is a deprecated feature id, now part of "ghcr\.io\/devcontainers\/features\/java"; .* Write "ghcr\.io\/devcontainers\/features\/java:1": \{ "installGradle": true \} instead\.$/);
    // Into the java already there, by short id or any version of its reference; a bare string is its version.
    assert.deepEqual(foldLegacyFeatures({ java: '17', gradle: {} }).features, { java: { version: '17', installGradle: true } });
    assert.deepEqual(foldLegacyFeatures({ [`${java}:2`]: { jdkDistro: 'tem' }, maven: true }).features, { [`${java}:2`]: { jdkDistro: 'tem', installMaven: true } });
    assert.deepEqual(foldLegacyFeatures({ jupyterlab: {} }).features, { 'ghcr.io/devcontainers/features/python:1': { installJupyterlab: true } });
    assert.deepEqual(foldLegacyFeatures({ node: {} }), { features: { node: {} }, warnings: [], origin: {} });
  });

  test('GitHub-release ids and malformed references are errors with a fix', () => {
    const gh = parseFeatureRef('owner/repo/tool@v1.2', CONFIG, WS);
    assert.ok(!gh.ok && /GitHub-release/.test(gh.error.message) && /ghcr\.io\/owner\/repo\/tool:1/.test(gh.error.fix!));
    assert.ok(!parseFeatureRef('ghcr.io/x@sha256:zz', CONFIG, WS).ok);
    assert.ok(!parseFeatureRef('https://example.com/feature.tgz', CONFIG, WS).ok);
  });
});

describe('feature options', () => {
  const meta: FeatureMetadata = { id: 'f', options: { version: { type: 'string', default: 'latest' }, 'enable-x.y': { type: 'boolean', default: false }, mode: { type: 'string', enum: ['a', 'b'], default: 'a' } } };
  test('env names follow the spec', () => {
    assert.equal(optionEnvName('enable-x.y'), 'ENABLE_X_Y');
    assert.equal(optionEnvName('1st_option'), '_ST_OPTION');
  });
  test('defaults, a bare string or boolean as version (as the CLI reads `true`), booleans as written or as "true"', () => {
    assert.deepEqual(optionValues('18', meta), { ok: true, value: { version: '18', 'enable-x.y': false, mode: 'a' } });
    assert.deepEqual(optionValues({ 'enable-x.y': 'true', mode: 'b' }, meta), { ok: true, value: { version: 'latest', 'enable-x.y': true, mode: 'b' } });
    assert.deepEqual(optionValues(true, meta), { ok: true, value: { version: 'true', 'enable-x.y': false, mode: 'a' } });
    assert.deepEqual(optionValues(true, { id: 'g', options: { x: { type: 'string', default: 'd' } } }), { ok: true, value: { x: 'd' } });
  });
  test('an unknown option, a wrong type and a value outside enum are errors naming the feature and option', () => {
    const err = (v: unknown) => {
      const r = optionValues(v, meta);
      return r.ok ? '' : r.error.message;
    };
    assert.equal(err({ nope: 1 }), 'the feature "f" has no option "nope"');
    assert.equal(err({ 'enable-x.y': 3 }), 'the option "enable-x.y" of the feature "f" is a boolean, not 3');
    assert.equal(err({ mode: 'c' }), 'the option "mode" of the feature "f" must be one of "a", "b", not "c"');
  });
});

describe('install order', () => {
  test('dependsOn and installsAfter, round by round, stable within a round', () => {
    const base = feature('localhost:5000/ns/base:1');
    const app = feature('localhost:5000/ns/app:1', { dependsOn: [base] });
    const late = feature('localhost:5000/ns/late:1', { installsAfter: [ref('localhost:5000/ns/app')] });
    const other = feature('localhost:5000/ns/another:1');
    assert.deepEqual(ids(installOrder([late, app, other, base])), ['localhost:5000/ns/another:1', 'localhost:5000/ns/base:1', 'localhost:5000/ns/app:1', 'localhost:5000/ns/late:1']);
  });
  test('installsAfter matches legacy ids; one on a feature not in the set is dropped', () => {
    const renamed = feature('localhost:5000/ns/newname:1', { aliases: ['newname', 'oldname'] });
    const after = feature('localhost:5000/ns/aaa:1', { installsAfter: [ref('localhost:5000/ns/oldname'), ref('localhost:5000/ns/absent')] });
    assert.deepEqual(ids(installOrder([after, renamed])), ['localhost:5000/ns/newname:1', 'localhost:5000/ns/aaa:1']);
  });
  test('overrideFeatureInstallOrder raises priority within what the graph allows', () => {
    const a = feature('localhost:5000/ns/a:1');
    const z = feature('localhost:5000/ns/z:1');
    assert.deepEqual(ids(installOrder([a, z], [ref('localhost:5000/ns/z')])), ['localhost:5000/ns/z:1', 'localhost:5000/ns/a:1']);
  });
  test('identical features install once; a cycle names its features', () => {
    const a1 = feature('localhost:5000/ns/a:1');
    const a2 = feature('localhost:5000/ns/a:1');
    assert.deepEqual(ids(installOrder([a1, a2])), ['localhost:5000/ns/a:1']);
    const x = feature('./x');
    const y = feature('./y', { dependsOn: [x] });
    x.dependsOn.push(y);
    assert.equal(ids(installOrder([x, y])), 'the features depend on each other in a cycle: ./x, ./y');
  });
});

describe('feature metadata', () => {
  test('merged with the config: init any, capAdd union, mounts by target, every entrypoint, hooks in order, env later wins', () => {
    const merged = mergeMetadata(
      { image: 'x', capAdd: ['NET_ADMIN'], postCreateCommand: 'config', containerEnv: { A: 'config' }, mounts: ['type=volume,source=c,target=/data'] },
      [
        { id: 'f1', init: true, capAdd: ['SYS_PTRACE'], entrypoint: '/e1', postCreateCommand: 'f1', mounts: [{ type: 'volume', source: 'f', target: '/data' }] } as never,
        { id: 'f2', capAdd: ['SYS_PTRACE'], entrypoint: '/e2', postCreateCommand: 'f2', privileged: false } as never,
      ],
    );
    assert.equal(merged.init, true);
    assert.deepEqual(merged.capAdd, ['SYS_PTRACE', 'NET_ADMIN']);
    assert.deepEqual(merged.entrypoints, ['/e1', '/e2']);
    // Each feature's command carries its feature, as the devcontainer CLI's "from Feature 'f1'".
    assert.deepEqual(merged.hooks.postCreateCommand, [{ command: 'f1', feature: 'f1' }, { command: 'f2', feature: 'f2' }, { command: 'config' }]);
    assert.deepEqual(merged.mounts, ['type=volume,source=c,target=/data']);
  });
  test('the lockfile sits beside the config, dotted for a dotted config', () => {
    assert.equal(lockfilePath('/w/.devcontainer/devcontainer.json'), '/w/.devcontainer/devcontainer-lock.json');
    assert.equal(lockfilePath('/w/.devcontainer.json'), '/w/.devcontainer-lock.json');
  });
});
