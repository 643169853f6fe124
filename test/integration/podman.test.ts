// The same `berth` against rootful Podman's Docker API (started by scripts/ensure-env.sh on its own socket):
// Berth knows it is Podman, and the important flows work there as on Docker: an image config with hooks,
// forwards, exec, down and up again (and a restart outside Berth, seen through Podman's live events);
// a Dockerfile config with a local feature and a non-root remoteUser, with Podman's differences applied.
// Rootless Podman (ensure-env's user berthpod, host network only here) runs `up` as that user would,
// with keep-id and forwards through the relay.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveEngine } from '../../runtime-helper/engine/docker';
import type { PortForward } from '../../runtime-helper/rpc/protocol';
import { builtImageName } from '../../runtime-helper/engine/imageName';
import { berth } from '../support/cli';
import { featureFolder } from '../support/features';
import { forwardOf, httpGet, waitFor } from '../support/ports';
import { BASE_IMAGE, devcontainer } from '../support/workspace';

const socket = process.env.BERTH_PODMAN_SOCKET ?? '/var/tmp/berth-env/podman/podman.sock';
const env = { DOCKER_HOST: `unix://${socket}` };
const podman = resolveEngine(env);
const made: string[] = [];

const rootlessUser = process.env.BERTH_PODMAN_ROOTLESS_USER ?? 'berthpod';
const account = (() => {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, rootlessUser], { encoding: 'utf8' })));
    return { uid, gid };
  } catch {
    return undefined;
  }
})();
const rootlessSocket = `/run/user/${account?.uid}/podman/podman.sock`;
const rootlessPodman = resolveEngine({ DOCKER_HOST: `unix://${rootlessSocket}` });
/** Each rootless workspace with the user environment that brought it up: down goes to the same helper. */
const rootlessMade: [string, { env: NodeJS.ProcessEnv; as?: { uid: number; gid: number } }][] = [];

/** The rootless user's own environment: their runtime dir, home, helper and engine. */
function rootlessEnv(): NodeJS.ProcessEnv {
  const own = mkdtempSync(join(tmpdir(), 'berth-rootless-'));
  chownSync(own, account!.uid, account!.gid);
  return { DOCKER_HOST: `unix://${rootlessSocket}`, XDG_RUNTIME_DIR: dirname(dirname(rootlessSocket)), HOME: own, BERTH_HELPER_DIR: join(own, 'helper'), XDG_STATE_HOME: join(own, 'state'), XDG_CACHE_HOME: join(own, 'cache') };
}

before(async () => {
  await podman.version().catch(() => assert.fail(`no Podman answers on ${socket}: run scripts/ensure-env.sh as root (npm test does), or set BERTH_PODMAN_SOCKET`));
  assert.ok(account, `no user ${rootlessUser} for rootless Podman: run scripts/ensure-env.sh as root (npm test does), or set BERTH_PODMAN_ROOTLESS_USER`);
  await rootlessPodman.version().catch(() => assert.fail(`no rootless Podman answers on ${rootlessSocket}: run scripts/ensure-env.sh as root (npm test does)`));
});

/** The workspace's container and the images Berth built for it, newest stage first (each is the next one's base). */
async function removeMade(engine: typeof podman, ws: string, options: Parameters<typeof berth>[1]) {
  await berth(['down', '--workspace-folder', ws, '--remove'], options);
  const built = builtImageName(ws);
  for (const name of [`${built}-features-uid`, `${built}-features`, `${built}-uid`, built]) await engine.removeImage(name).catch(() => undefined);
}

after(async () => {
  for (const ws of made) await removeMade(podman, ws, { env });
  for (const [ws, options] of rootlessMade) await removeMade(rootlessPodman, ws, options);
});

const hookLog = (ws: string) => (existsSync(join(ws, 'hooks.log')) ? readFileSync(join(ws, 'hooks.log'), 'utf8').trim().split('\n') : []);
const append = (name: string) => `echo ${name} >> hooks.log`;

async function containerOf(ws: string) {
  const [c] = await podman.listContainers({ all: true, labels: [`devcontainer.local_folder=${ws}`] });
  assert.ok(c, `no container for ${ws} on Podman`);
  return c;
}

describe('rootful Podman', () => {
  test('is described as Podman whose container addresses this host reaches', async () => {
    assert.deepEqual(await podman.description(), { flavour: 'podman', isLocal: true, sharesKernel: true, reachesContainerAddresses: true, rootless: false });
  });

  test('images the user made with podman itself are named localhost/<name>, and configs name them without the prefix', async () => {
    // ensure-env loaded the base image with `podman load`, as a user's `podman build -t` would name it;
    // every config below says `berth-base:bookworm` (image and Dockerfile FROM).
    const tags = (await podman.listImages()).flatMap((i) => i.RepoTags ?? []);
    assert.ok(tags.includes(`localhost/${BASE_IMAGE}`), tags.join(', '));
    assert.ok(!tags.includes(BASE_IMAGE) && !tags.includes(`docker.io/library/${BASE_IMAGE}`), tags.join(', '));
  });

  test('an image config: hooks in order, a direct forward, exec, down, up again, and a restart outside Berth reruns postStartCommand', async () => {
    const ws = devcontainer(
      {
        image: BASE_IMAGE,
        forwardPorts: [8080],
        onCreateCommand: append('onCreate'),
        postCreateCommand: append('postCreate'),
        postStartCommand: `${append('postStart')}; busybox httpd -p 8080 -h \${containerWorkspaceFolder}`,
        postAttachCommand: append('postAttach'),
      },
      { 'index.html': 'hello from podman\n' },
    );
    made.push(ws);
    const r = await berth(['up', '--workspace-folder', ws], { env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(r.json.outcome, 'success');
    assert.deepEqual(hookLog(ws), ['onCreate', 'postCreate', 'postStart', 'postAttach']);
    const f = await forwardOf(ws, 8080, env);
    assert.equal(f.path, 'direct');
    assert.equal((await httpGet(f.localAddress!, '/index.html')).body.toString(), 'hello from podman\n');
    const e = await berth(['exec', '--workspace-folder', ws, 'cat', 'index.html'], { env });
    assert.equal(e.stdout, 'hello from podman\n', e.stderr);

    // Restarted outside Berth: the helper sees it in Podman's live event stream.
    await podman.restartContainer(r.json.containerId!, 1);
    await waitFor('postStartCommand after the restart', async () => (hookLog(ws).length === 5 ? true : undefined), 30_000);
    assert.equal(hookLog(ws)[4], 'postStart');

    const down = await berth(['down', '--workspace-folder', ws], { env });
    assert.equal(down.code, 0, down.stderr);
    assert.equal((await containerOf(ws)).State, 'exited');
    const again = await berth(['up', '--workspace-folder', ws], { env });
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal(again.json.containerId, r.json.containerId);
    assert.deepEqual(hookLog(ws).slice(5), ['postStart', 'postAttach']);
    assert.equal((await httpGet((await forwardOf(ws, 8080, env)).localAddress!, '/index.html')).status, 200);
  });

  test('down right after up stays down: the start event Podman delivers late does not start the container again', async () => {
    const ws = devcontainer({ image: BASE_IMAGE });
    made.push(ws);
    assert.equal((await berth(['up', '--workspace-folder', ws], { env })).code, 0);
    assert.equal((await berth(['down', '--workspace-folder', ws], { env })).code, 0);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await containerOf(ws)).State, 'exited');
  });

  test("a Dockerfile config with a local feature and a non-root remoteUser: built (BuildKit or Podman's builder), keep-id left out, SELinux labels off", async () => {
    const ws = devcontainer(
      {
        build: { dockerfile: 'Dockerfile' },
        features: { './hello': { greeting: 'ahoy' } },
        remoteUser: 'dev',
        // What the devcontainer CLI adds for a non-root user, and rootful Podman refuses.
        runArgs: ['--userns=keep-id'],
        postCreateCommand: 'id -un > /tmp/hook-user',
      },
      { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN useradd -m -u 1234 dev\n` },
    );
    featureFolder(join(ws, '.devcontainer'), { json: { id: 'hello', version: '1.0.0', options: { greeting: { type: 'string', default: 'hi' } } }, install: 'echo "$GREETING" > /usr/local/share/greeting' });
    made.push(ws);
    const r = await berth(['up', '--workspace-folder', ws], { env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr + r.stdout, /--userns=keep-id is left out: rootful Podman refuses keep-id/);
    const e = await berth(['exec', '--workspace-folder', ws, 'sh', '-c', 'id -un; cat /tmp/hook-user /usr/local/share/greeting'], { env });
    assert.equal(e.stdout, 'dev\ndev\nahoy\n', e.stderr);

    // Berth reads no SecurityOpt of a container; the engine's answer carries it all the same.
    const { SecurityOpt } = (await podman.inspectContainer(r.json.containerId!)).HostConfig as { SecurityOpt?: string[] };
    assert.ok(SecurityOpt?.includes('label=disable'), JSON.stringify(SecurityOpt));
  });
});

describe('rootless Podman (host network: slirp4netns cannot open /dev/net/tun here)', () => {
  test('is described as rootless Podman whose container addresses this host does not reach', async () => {
    assert.deepEqual(await rootlessPodman.description(), { flavour: 'podman', isLocal: true, sharesKernel: true, reachesContainerAddresses: false, rootless: true });
  });

  test("up as the user: keep-id makes the workspace the remoteUser's, what it writes there is the user's, and the forward goes through the relay", async () => {
    // Host network: the container's port is the host's, so one no other test uses.
    const port = 20000 + (process.pid % 20000);
    const ws = devcontainer(
      { build: { dockerfile: 'Dockerfile' }, remoteUser: 'dev', forwardPorts: [port], postStartCommand: `busybox httpd -p 127.0.0.1:${port} -h \${containerWorkspaceFolder}` },
      { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN useradd -m -u 1234 dev\n`, 'index.html': 'hello from rootless podman\n' },
    );
    execFileSync('chown', ['-R', `${account!.uid}:${account!.gid}`, dirname(ws)]);
    const options = { env: rootlessEnv(), as: account };
    rootlessMade.push([ws, options]);
    const r = await berth(['up', '--workspace-folder', ws], options);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr + r.stdout, /--userns=keep-id: rootless Podman maps your user ID into the container, so "dev" owns the workspace/);
    const e = await berth(['exec', '--workspace-folder', ws, 'sh', '-c', 'id -un; stat -c %U index.html; echo made > made-in-container'], options);
    assert.equal(e.code, 0, e.stderr + e.stdout);
    assert.equal(e.stdout, 'dev\ndev\n');
    assert.equal(statSync(join(ws, 'made-in-container')).uid, account!.uid);
    const f = await waitFor(`a forward of port ${port}`, async () => {
      const listed: PortForward[] = JSON.parse((await berth(['ports', '--workspace-folder', ws, '--json'], options)).stdout.trim() || '[]');
      return listed.find((p) => p.containerPort === port && p.localAddress);
    });
    assert.equal(f.path, 'relay');
    assert.equal((await httpGet(f.localAddress!, '/index.html')).body.toString(), 'hello from rootless podman\n');
  });
});
