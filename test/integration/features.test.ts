// Dev Container Features on the real engine and the local registry: references, options,
// install order, the install stage, merged metadata on the running container, the lockfile
// and the cache.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { createServer as createHttpsServer } from 'node:https';
import { createHash } from 'node:crypto';
import { berth, containersOf, docker, dockerQuietly, REPO, stopHelper, testEnv } from '../support/cli';
import { copyToLoginRegistry, featureFolder, publish, RECORD_DIR, uniqueNamespace, type FeatureSource } from '../support/features';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

const NS = uniqueNamespace();
const REG = `localhost:5000/${NS}`;
const images: string[] = [];

const alpha: FeatureSource = {
  json: {
    id: 'alpha',
    version: '1.2.3',
    name: 'Alpha',
    options: {
      flavor: { type: 'string', enum: ['vanilla', 'chocolate'], default: 'vanilla' },
      'enable-x.y': { type: 'boolean', default: false },
      version: { type: 'string', proposals: ['latest', '2.0'], default: 'latest' },
    },
    containerEnv: { ALPHA_HOME: '/opt/alpha' },
    capAdd: ['SYS_PTRACE'],
    init: true,
    mounts: [{ type: 'tmpfs', target: '/alpha-data' }],
    entrypoint: '/usr/local/bin/alpha-entry',
    postCreateCommand: 'echo alpha >> /tmp/hooks.log',
  },
  install: `printf '#!/bin/sh\\ntouch /tmp/alpha-entry-ran\\n' > /usr/local/bin/alpha-entry\nchmod +x /usr/local/bin/alpha-entry`,
};
const beta: FeatureSource = {
  json: { id: 'beta', version: '2.0.0', name: 'Beta', dependsOn: { [`${REG}/alpha:1`]: { flavor: 'chocolate' } }, postCreateCommand: 'echo beta >> /tmp/hooks.log' },
};
const gamma: FeatureSource = { json: { id: 'gamma', version: '1.0.0', name: 'Gamma', installsAfter: [`${REG}/beta`] } };

before(() => publish(NS, [alpha, beta, gamma]));
after(() => {
  cleanupWorkspaces();
  for (const image of images) dockerQuietly('rmi', image);
});

async function upOk(ws: string, args: string[] = []) {
  const r = await berth(['up', '--workspace-folder', ws, ...args]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  keepForCleanup(r.json.containerId!);
  return r;
}

/** Only the images the feature stage made (never the base image), removed after the tests. */
function keepForCleanup(containerId: string): void {
  const image = JSON.parse(docker('inspect', containerId))[0].Config.Image as string;
  if (/^vsc-.*-features(-uid)?$/.test(image)) images.push(image);
}

const inContainer = (id: string, ...cmd: string[]) => docker('exec', id, ...cmd);

/** The workspace of the main scenario: OCI with dependsOn and installsAfter, a local feature, an override order. */
function mainWorkspace(): string {
  const ws = devcontainer({
    image: BASE_IMAGE,
    features: { [`${REG}/gamma:1`]: true, [`${REG}/beta:2`]: {}, './delta': '9.9' },
    overrideFeatureInstallOrder: [`${REG}/alpha`],
    postCreateCommand: 'echo config >> /tmp/hooks.log',
  });
  featureFolder(join(ws, '.devcontainer'), { json: { id: 'delta', version: '0.1.0', options: { version: { type: 'string', default: 'latest' } } } });
  return ws;
}

describe('features', () => {
  test('OCI and local features install in dependency and override order, with their options, env and merged metadata', async () => {
    const ws = mainWorkspace();
    const r = await upOk(ws);
    const id = r.json.containerId!;
    assert.deepEqual(inContainer(id, 'cat', `${RECORD_DIR}/order`).split('\n'), ['alpha', 'delta', 'beta', 'gamma']);
    // Options: the dependsOn's own options, defaults, a bare string as `version`; the builtin variables.
    const alphaEnv = inContainer(id, 'cat', `${RECORD_DIR}/alpha.env`).split('\n');
    for (const line of ['FLAVOR=chocolate', 'ENABLE_X_Y=false', 'VERSION=latest', '_REMOTE_USER=root', '_CONTAINER_USER=root', '_REMOTE_USER_HOME=/root', '_CONTAINER_USER_HOME=/root']) assert.ok(alphaEnv.includes(line), `${line} in ${alphaEnv.join(' ')}`);
    assert.ok(inContainer(id, 'cat', `${RECORD_DIR}/delta.env`).split('\n').includes('VERSION=9.9'));
    // alpha's containerEnv is set for the features after it.
    assert.ok(inContainer(id, 'cat', `${RECORD_DIR}/beta.env`).split('\n').includes('ALPHA_HOME=/opt/alpha'));
    // Merged metadata on the running container.
    const info = JSON.parse(docker('inspect', id))[0];
    assert.deepEqual(info.HostConfig.CapAdd, ['SYS_PTRACE']);
    assert.equal(info.HostConfig.Init, true);
    // Podman's inspect lists a tmpfs under HostConfig.Tmpfs, not Mounts: the container itself says what is mounted.
    assert.match(inContainer(id, 'grep', ' /alpha-data ', '/proc/mounts'), /^tmpfs \/alpha-data tmpfs /);
    assert.ok(existsSync(join(ws, '.devcontainer/devcontainer-lock.json')));
    inContainer(id, 'test', '-e', '/tmp/alpha-entry-ran');
    assert.deepEqual(inContainer(id, 'cat', '/tmp/hooks.log').split('\n'), ['alpha', 'beta', 'config']);
    const label = JSON.parse(info.Config.Labels['devcontainer.metadata']) as { id?: string }[];
    assert.deepEqual(label.map((e) => e.id), [`${REG}/alpha:1`, './delta', `${REG}/beta:2`, `${REG}/gamma:1`, undefined]);
    // The image's user is back after the install stage (root, as the base image runs as root).
    assert.equal(JSON.parse(docker('image', 'inspect', info.Config.Image))[0].Config.User, 'root');
    // The lockfile pins every OCI feature, dependencies included, in the CLI's format.
    const lock = JSON.parse(readFileSync(join(ws, '.devcontainer/devcontainer-lock.json'), 'utf8'));
    assert.deepEqual(Object.keys(lock.features), [`${REG}/alpha:1`, `${REG}/beta:2`, `${REG}/gamma:1`]);
    assert.equal(lock.features[`${REG}/beta:2`].version, '2.0.0');
    assert.deepEqual(lock.features[`${REG}/beta:2`].dependsOn, [`${REG}/alpha:1`]);
    assert.match(lock.features[`${REG}/alpha:1`].resolved, new RegExp(`^${REG}/alpha@sha256:[0-9a-f]{64}$`));
    // Progress names each feature with its duration.
    assert.match(r.stderr + r.stdout, /Installed Beta \(localhost:5000\/.*\/beta:2 2\.0\.0\) \[/);
    // Each feature's hook is named with its feature, in install order, before the config's own.
    const hooks = (r.stderr + r.stdout).split('\n').filter((l) => l.startsWith('[hook] Running postCreateCommand'));
    assert.deepEqual(hooks, [`[hook] Running postCreateCommand from Feature '${REG}/alpha:1'`, `[hook] Running postCreateCommand from Feature '${REG}/beta:2'`, '[hook] Running postCreateCommand']);
  });

  test("a feature's failing hook is named with its feature, at the feature's entry in the config", async () => {
    const ws = devcontainer({ image: BASE_IMAGE, features: { './hooked': {} }, postCreateCommand: 'true' });
    featureFolder(join(ws, '.devcontainer'), { json: { id: 'hooked', version: '1.0.0', postCreateCommand: 'echo hook says no; exit 4' } });
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 1);
    keepForCleanup(containersOf(ws)[0]);
    assert.match(r.json.message!, /devcontainer\.json:\d+:\d+: 'features\["\.\/hooked"\]': postCreateCommand from Feature '\.\/hooked' failed with exit code 4; its last output:\n {4}hook says no\n {2}fix: The feature '\.\/hooked' brings this command/);
  });

  test('overrideCommand false: the features\' entrypoints run, then the image\'s ENTRYPOINT and CMD, as with the devcontainer CLI', async () => {
    const dockerfile = [
      `FROM ${BASE_IMAGE}`,
      `RUN printf '#!/bin/sh\\necho "image-entry $*" >> /tmp/order\\nexec "$@"\\n' > /usr/local/bin/img-entry && chmod +x /usr/local/bin/img-entry`,
      'ENTRYPOINT ["/usr/local/bin/img-entry"]',
      'CMD ["/bin/sh", "-c", "echo cmd >> /tmp/order; exec sleep 100000"]',
    ].join('\n');
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' }, overrideCommand: false, features: { './entry': {} } }, { '.devcontainer/Dockerfile': dockerfile });
    // The entrypoint sees no arguments, as in the CLI's container.
    featureFolder(join(ws, '.devcontainer'), {
      json: { id: 'entry', version: '1.0.0', entrypoint: '/usr/local/bin/feature-entry' },
      install: `printf '#!/bin/sh\\necho "feature-entry $#" >> /tmp/order\\n' > /usr/local/bin/feature-entry\nchmod +x /usr/local/bin/feature-entry`,
    });
    const id = (await upOk(ws)).json.containerId!;
    images.push(JSON.parse(docker('inspect', id))[0].Config.Image.replace(/-features(-uid)?$/, '')); // the Dockerfile's image, after its features image
    assert.deepEqual(inContainer(id, 'cat', '/tmp/order').split('\n'), ['feature-entry 0', 'image-entry /bin/sh -c echo cmd >> /tmp/order; exec sleep 100000', 'cmd']);
  });

  test('Berth and the devcontainer CLI agree on install order, the env of each install and of the container, the metadata label and the lockfile', async () => {
    const mine = mainWorkspace();
    const theirs = mainWorkspace();
    const ours = (await upOk(mine)).json.containerId!;
    const cli = spawnSync(process.execPath, [join(REPO, 'node_modules/@devcontainers/cli/devcontainer.js'), 'up', '--workspace-folder', theirs], { encoding: 'utf8' });
    const cliId = JSON.parse(cli.stdout.trim().split('\n').pop() ?? '{}').containerId as string;
    assert.ok(cliId, cli.stdout + cli.stderr);
    keepForCleanup(cliId);
    images.push('dev_container_feature_content_temp'); // the CLI's scratch image for features
    const lines = (id: string, file: string) => inContainer(id, 'cat', file).split('\n').filter((l) => !l.startsWith('HOSTNAME='));
    assert.deepEqual(lines(ours, `${RECORD_DIR}/order`), lines(cliId, `${RECORD_DIR}/order`));
    for (const f of ['alpha', 'beta', 'gamma', 'delta']) assert.deepEqual(lines(ours, `${RECORD_DIR}/${f}.env`), lines(cliId, `${RECORD_DIR}/${f}.env`), f);
    const env = (id: string) => inContainer(id, 'env').split('\n').filter((l) => !/^(HOSTNAME|HOME)=/.test(l)).sort();
    assert.deepEqual(env(ours), env(cliId));
    const label = (id: string) => JSON.parse(JSON.parse(docker('inspect', id))[0].Config.Labels['devcontainer.metadata']);
    assert.deepEqual(label(ours), label(cliId));
    const lock = (ws: string) => readFileSync(join(ws, '.devcontainer/devcontainer-lock.json'), 'utf8');
    assert.equal(lock(mine), lock(theirs));
    // `features resolve-dependencies`: the CLI prints a flowchart, then the same JSON.
    const order = await berth(['features', 'resolve-dependencies', '--workspace-folder', mine]);
    const cliOrder = spawnSync(process.execPath, [join(REPO, 'node_modules/@devcontainers/cli/devcontainer.js'), 'features', 'resolve-dependencies', '--workspace-folder', mine], { encoding: 'utf8' }).stdout;
    assert.deepEqual(JSON.parse(order.stdout), JSON.parse(cliOrder.slice(cliOrder.indexOf('\n{\n') + 1)));
    const read = await berth(['read-configuration', '--include-features-configuration', '--workspace-folder', mine]);
    const sets = (JSON.parse(read.stdout).featuresConfiguration.featureSets as { sourceInformation: { userFeatureId: string } }[]).map((s) => s.sourceInformation.userFeatureId);
    assert.deepEqual(sets, [`${REG}/alpha:1`, './delta', `${REG}/beta:2`, `${REG}/gamma:1`]);
  });

  test('--frozen-lockfile fails when the config no longer matches the lockfile, and changes nothing', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, features: { [`${REG}/gamma:1`]: {} } });
    await upOk(ws, ['--remove-existing-container']);
    const lockFile = join(ws, '.devcontainer/devcontainer-lock.json');
    const before = readFileSync(lockFile, 'utf8');
    writeFileSync(join(ws, '.devcontainer/devcontainer.json'), JSON.stringify({ image: BASE_IMAGE, features: { [`${REG}/gamma:1`]: {}, [`${REG}/beta:2`]: {} } }));
    const r = await berth(['up', '--workspace-folder', ws, '--remove-existing-container', '--frozen-lockfile']);
    assert.equal(r.code, 1);
    assert.match(r.json.message!, /lockfile does not match the configuration \(--frozen-lockfile\): "localhost:5000\/.*\/alpha:1" is not in the lockfile; "localhost:5000\/.*\/beta:2" is not in the lockfile/);
    assert.equal(readFileSync(lockFile, 'utf8'), before);
    assert.deepEqual(containersOf(ws), []);
  });

  test('--no-lockfile writes no lockfile', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, features: { [`${REG}/gamma:1`]: {} } });
    await upOk(ws, ['--no-lockfile']);
    assert.equal(existsSync(join(ws, '.devcontainer/devcontainer-lock.json')), false);
  });

  test('a second up with the lockfile pinning cached digests makes no registry call and no build', async () => {
    const proxy = await countingProxy();
    const ws = devcontainer({ image: BASE_IMAGE, features: { [`localhost:${proxy.port}/${NS}/alpha:1`]: { flavor: 'vanilla' } } });
    await upOk(ws);
    assert.ok(proxy.requests() > 0);
    await proxy.close(); // any registry call now fails the up
    const second = await upOk(ws, ['--remove-existing-container']);
    assert.match(second.stderr + second.stdout, /\(0 registry requests\)/);
    // The same inputs as the image already built: the install stage does not run again.
    assert.match(second.stderr + second.stdout, /Features unchanged: using vsc-.*-features/);
  });

  test('a failing install.sh stops up with one message naming the feature, its version, the exit code and its last output; nothing is left', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, features: { './broken': {} } });
    featureFolder(join(ws, '.devcontainer'), { json: { id: 'broken', version: '3.1.4', name: 'Broken' }, install: 'echo preparing\necho "disk says no" >&2\nexit 3' });
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 1);
    assert.match(r.json.message!, /devcontainer\.json:\d+:\d+: 'features\["\.\/broken"\]': the feature Broken \(\.\/broken 3\.1\.4\) failed to install: install\.sh exited with code 3; its last output:\n {4}/);
    // Its stdout and stderr, without the builder's own lines (their order is the engine's).
    assert.match(r.json.message!, /\n {4}preparing\n/);
    assert.match(r.json.message!, /\n {4}disk says no\n/);
    assert.doesNotMatch(r.json.message!, /--->|intermediate container|\x1b/);
    assert.deepEqual(containersOf(ws), []);
    assert.equal(docker('images', '-q', '--filter', 'dangling=false', '--filter', `reference=vsc-ws-*-features`).split('\n').filter(Boolean).some((i) => images.includes(i)), false);
  });

  test('a cycle in installsAfter is an error naming the features in it', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, features: { './c1': {}, './c2': {} } });
    featureFolder(join(ws, '.devcontainer'), { json: { id: 'c1', installsAfter: ['./c2'] } });
    featureFolder(join(ws, '.devcontainer'), { json: { id: 'c2', installsAfter: ['./c1'] } });
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 1);
    assert.match(r.json.message!, /'features': the features depend on each other in a cycle: \.\/c1, \.\/c2/);
    assert.deepEqual(containersOf(ws), []);
  });

  test('bad references and options are one error naming features["…"] with its line and column', async () => {
    const cases: [unknown, RegExp][] = [
      [{ 'devcontainers/features/node@v1': {} }, /:4:5: 'features\["devcontainers\/features\/node@v1"\]': .*GitHub-release feature reference.*\n {2}fix: Use the feature's OCI reference/],
      [{ oryx: {} }, /'features\["oryx"\]': "oryx" is a legacy feature id that no longer exists/],
      [{ [`${REG}/alpha:1`]: { flavour: 'x' } }, /'features\[".*alpha:1"\]': the feature "alpha" has no option "flavour"\n {2}fix: Its options are: flavor, enable-x\.y, version\./],
      [{ [`${REG}/alpha:1`]: { flavor: 'mint' } }, /the option "flavor" of the feature "alpha" must be one of "vanilla", "chocolate", not "mint"/],
      [{ [`${REG}/alpha:1`]: { 'enable-x.y': 'yes' } }, /the option "enable-x\.y" of the feature "alpha" is a boolean, not "yes"/],
      [{ '../outside': {} }, /the local feature "\.\.\/outside" is outside the \.devcontainer folder/],
      [{ [`${REG}/missing:1`]: {} }, /localhost:5000 has no .*\/missing:1/],
    ];
    for (const [features, expected] of cases) {
      const ws = devcontainer(`{\n  "image": "${BASE_IMAGE}",\n  "features": ${JSON.stringify(features)}\n}`.replace('"features": {', '"features": {\n    '));
      const r = await berth(['up', '--workspace-folder', ws]);
      assert.equal(r.code, 1, JSON.stringify(features));
      assert.match(r.json.message!, expected);
      assert.deepEqual(containersOf(ws), []);
    }
  });
});

describe("dependencies resolve from the manifest's metadata annotation", () => {
  // A helper of its own with an empty cache, so what it downloads is what these commands asked for.
  const fresh = () => {
    const root = mkdtempSync(join(tmpdir(), 'berth-annotation-'));
    return { ...testEnv, BERTH_HELPER_DIR: join(root, 'helper'), XDG_CACHE_HOME: join(root, 'cache') };
  };
  const contentOf = (env: NodeJS.ProcessEnv) => {
    const dir = join(env.XDG_CACHE_HOME!, 'berth/features/content');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  test('resolve-dependencies and read-configuration download no feature blob, dependencies included', async () => {
    const proxy = await countingProxy();
    const env = fresh();
    try {
      const ws = devcontainer({ image: BASE_IMAGE, features: { [`localhost:${proxy.port}/${NS}/beta:2`]: {} } });
      const order = await berth(['features', 'resolve-dependencies', '--workspace-folder', ws], { env });
      assert.equal(order.code, 0, order.stdout + order.stderr);
      assert.deepEqual(
        JSON.parse(order.stdout).installOrder.map((f: { id: string }) => f.id.replace(/@sha256:.*/, '')),
        [`${REG}/alpha`, `localhost:${proxy.port}/${NS}/beta`],
      );
      const read = await berth(['read-configuration', '--include-features-configuration', '--workspace-folder', ws], { env });
      assert.equal(read.code, 0, read.stdout + read.stderr);
      const sets = JSON.parse(read.stdout).featuresConfiguration.featureSets as { features: { id: string }[] }[];
      assert.deepEqual(sets.map((s) => s.features[0].id), ['alpha', 'beta']);
      assert.ok(proxy.paths.some((p) => p.includes('/manifests/')));
      assert.deepEqual(proxy.paths.filter((p) => p.includes('/blobs/')), []);
      assert.deepEqual(contentOf(env), []);
      // An up needs the files: only now are the blobs downloaded, once, into the cache.
      const up = await berth(['up', '--workspace-folder', ws], { env });
      assert.equal(up.code, 0, up.stdout + up.stderr);
      keepForCleanup(up.json.containerId!);
      assert.equal(proxy.paths.filter((p) => p.includes('/blobs/')).length, 1);
      assert.equal(contentOf(env).length, 2);
    } finally {
      stopHelper(env);
      await proxy.close();
    }
  });

  test('a feature published without the annotation still resolves, from its blob', async () => {
    // gamma's manifest, republished under another tag without its annotations.
    const accept = { accept: 'application/vnd.oci.image.manifest.v1+json' };
    const manifest = (await (await fetch(`http://127.0.0.1:5000/v2/${NS}/gamma/manifests/1`, { headers: accept })).json()) as { annotations?: unknown };
    delete manifest.annotations;
    const put = await fetch(`http://127.0.0.1:5000/v2/${NS}/gamma/manifests/plain`, { method: 'PUT', headers: { 'content-type': accept.accept }, body: JSON.stringify(manifest) });
    assert.equal(put.status, 201);
    const proxy = await countingProxy();
    const env = fresh();
    try {
      const ws = devcontainer({ image: BASE_IMAGE, features: { [`localhost:${proxy.port}/${NS}/gamma:plain`]: {}, [`${REG}/beta:2`]: {} } });
      const order = await berth(['features', 'resolve-dependencies', '--workspace-folder', ws], { env });
      assert.equal(order.code, 0, order.stdout + order.stderr);
      // gamma's installsAfter (read from its devcontainer-feature.json) still puts it after beta.
      assert.deepEqual(
        JSON.parse(order.stdout).installOrder.map((f: { id: string }) => f.id.replace(/@sha256:.*/, '')),
        [`${REG}/alpha`, `${REG}/beta`, `localhost:${proxy.port}/${NS}/gamma`],
      );
      assert.equal(proxy.paths.filter((p) => p.includes('/blobs/')).length, 1);
      assert.equal(contentOf(env).length, 1);
    } finally {
      stopHelper(env);
      await proxy.close();
    }
  });
});

describe('legacy short ids that became an option of another feature', () => {
  test('gradle and maven install as java with installGradle and installMaven, with a warning naming the new id', async () => {
    // ghcr.io's java, stood in by a feature of our own: its manifest and contents in the cache, pinned by the
    // lockfile, so the up makes no registry call (the test works offline).
    const java = { id: 'java', version: '1.9.0', name: 'Java', options: { version: { type: 'string', default: 'latest' }, installGradle: { type: 'boolean', default: false }, installMaven: { type: 'boolean', default: false } } };
    const digest = seedFeatureCache(java);
    const ws = devcontainer({ image: BASE_IMAGE, features: { gradle: 'latest', maven: {} } });
    const pinned = 'ghcr.io/devcontainers/features/java:1';
    writeFileSync(join(ws, '.devcontainer/devcontainer-lock.json'), JSON.stringify({ features: { [pinned]: { version: '1.9.0', resolved: `ghcr.io/devcontainers/features/java@${digest}`, integrity: digest } } }));
    const r = await upOk(ws);
    const env = inContainer(r.json.containerId!, 'cat', `${RECORD_DIR}/java.env`).split('\n');
    for (const line of ['INSTALLGRADLE=true', 'INSTALLMAVEN=true', 'VERSION=latest']) assert.ok(env.includes(line), `${line} in ${env.join(' ')}`);
    for (const legacy of ['gradle', 'maven']) assert.match(r.stdout + r.stderr, new RegExp(`warning: "${legacy}" is a deprecated feature id, now part of "ghcr\\.io/devcontainers/features/java"`));
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(ws, '.devcontainer/devcontainer-lock.json'), 'utf8')).features), [pinned]);
  });
});

/** Puts a feature into the helper's cache as if downloaded from a registry: its manifest (with the
 * metadata annotation) under its digest, its contents under the layer's. Returns the manifest digest. */
function seedFeatureCache(json: FeatureSource['json']): string {
  const cache = join(testEnv.XDG_CACHE_HOME!, 'berth/features');
  const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const layer = sha(JSON.stringify(json));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.devcontainers', digest: sha('{}'), size: 2 },
      layers: [{ mediaType: 'application/vnd.devcontainers.layer.v1+tar', digest: layer, size: 1 }],
      annotations: { 'dev.containers.metadata': JSON.stringify(json) },
    }),
  );
  const digest = sha(manifest);
  mkdirSync(join(cache, 'manifests'), { recursive: true });
  writeFileSync(join(cache, 'manifests', `${digest.replace(':', '-')}.json`), manifest);
  const content = join(cache, 'content', layer.replace(':', '-'));
  mkdirSync(content, { recursive: true });
  cpSync(featureFolder(mkdtempSync(join(tmpdir(), 'berth-seed-')), { json }), content, { recursive: true });
  writeFileSync(join(content, '.complete'), '');
  return digest;
}

describe('a feature from a tarball URL', () => {
  test('is downloaded over HTTPS, installed, and pinned in the lockfile by its sha256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-tarball-'));
    featureFolder(dir, { json: { id: 'tarf', version: '0.3.0', name: 'Tar F', options: { level: { type: 'string', default: 'low' } } } });
    const tgz = join(dir, 'devcontainer-feature-tarf.tgz');
    spawnSync('tar', ['-czf', tgz, '-C', join(dir, 'tarf'), '.'], { encoding: 'utf8' });
    const pem = (name: string) => join(dir, name);
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem('key.pem'), '-out', pem('cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const body = readFileSync(tgz);
    const server = createHttpsServer({ key: readFileSync(pem('key.pem')), cert: readFileSync(pem('cert.pem')) }, (_req, res) => res.end(body));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    // A helper of its own, started with the test CA trusted (Node reads it at start).
    const env = { ...testEnv, BERTH_HELPER_DIR: mkdtempSync(join(tmpdir(), 'berth-helper-')), NODE_EXTRA_CA_CERTS: pem('cert.pem') };
    try {
      const url = `https://localhost:${(server.address() as AddressInfo).port}/releases/devcontainer-feature-tarf.tgz`;
      const ws = devcontainer({ image: BASE_IMAGE, features: { [url]: { level: 'high' } } });
      const r = await berth(['up', '--workspace-folder', ws], { env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      keepForCleanup(r.json.containerId!);
      assert.ok(inContainer(r.json.containerId!, 'cat', `${RECORD_DIR}/tarf.env`).split('\n').includes('LEVEL=high'));
      const lock = JSON.parse(readFileSync(join(ws, '.devcontainer/devcontainer-lock.json'), 'utf8'));
      const integrity = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      assert.deepEqual(lock, { features: { [url]: { version: '0.3.0', resolved: url, integrity } } });
    } finally {
      stopHelper(env);
      server.close();
    }
  });
});

describe('features from a registry that wants a login', () => {
  // Made by scripts/ensure-env.sh for this machine only.
  const password = readFileSync('/var/tmp/berth-env/auth-registry/password', 'utf8').trim();
  const ref = `127.0.0.1:5001/${NS}/gamma:1`;
  const config = () => devcontainer({ image: BASE_IMAGE, features: { [ref]: {} } });
  before(() => copyToLoginRegistry(`${NS}/gamma`, '1', password));

  test('without credentials: one message with the fix', async () => {
    const r = await berth(['up', '--workspace-folder', config()], { env: { DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'berth-no-auth-')), DEVCONTAINERS_OCI_AUTH: '' } });
    assert.equal(r.code, 1);
    assert.match(r.json.message!, /'features\["127\.0\.0\.1:5001\/.*\/gamma:1"\]': 127\.0\.0\.1:5001 refused access to .*gamma: no valid credentials\n {2}fix: Run `docker login 127\.0\.0\.1:5001`, or set DEVCONTAINERS_OCI_AUTH/);
  });

  test('with DEVCONTAINERS_OCI_AUTH, or docker config.json auths; the secret never reaches the output', async () => {
    const viaEnv = await berth(['up', '--workspace-folder', config()], { env: { DEVCONTAINERS_OCI_AUTH: `127.0.0.1:5001|berth|${password}` } });
    assert.equal(viaEnv.code, 0, viaEnv.stdout + viaEnv.stderr);
    keepForCleanup(viaEnv.json.containerId!);
    const dir = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
    const auth = Buffer.from(`berth:${password}`).toString('base64');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { '127.0.0.1:5001': { auth } } }), { mode: 0o600 });
    // No lockfile: the manifest is asked for by tag, so the registry must accept the login.
    const viaConfig = await berth(['up', '--workspace-folder', config(), '--no-lockfile'], { env: { DOCKER_CONFIG: dir } });
    assert.equal(viaConfig.code, 0, viaConfig.stdout + viaConfig.stderr);
    keepForCleanup(viaConfig.json.containerId!);
    for (const r of [viaEnv, viaConfig]) assert.ok(![password, auth].some((s) => r.stdout.includes(s) || r.stderr.includes(s)));
  });
});

/** A pass-through to the local registry that counts what it forwards, so a test can see (and forbid) registry calls. */
async function countingProxy(): Promise<{ port: number; requests(): number; paths: string[]; close(): Promise<void> }> {
  let count = 0;
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    count++;
    paths.push(req.url ?? '');
    const upstream = request({ host: '127.0.0.1', port: 5000, path: req.url, method: req.method, headers: { ...req.headers, host: '127.0.0.1:5000' } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    requests: () => count,
    paths,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
