// The same `berth` against rootful Podman's Docker API (started by scripts/ensure-env.sh on its own socket):
// Berth knows it is Podman, and the important flows work there as on Docker: an image config with hooks,
// forwards, exec, down and up again (and a restart outside Berth, seen through Podman's live events);
// a Dockerfile config with a local feature and a non-root remoteUser, with Podman's differences applied.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveEngine } from '../../runtime-helper/engine/docker';
import { builtImageName } from '../../runtime-helper/engine/imageName';
import { berth } from '../support/cli';
import { featureFolder } from '../support/features';
import { forwardOf, httpGet, waitFor } from '../support/ports';
import { BASE_IMAGE, devcontainer } from '../support/workspace';

const socket = process.env.BERTH_PODMAN_SOCKET ?? '/var/tmp/berth-env/podman/podman.sock';
const env = { DOCKER_HOST: `unix://${socket}` };
const podman = resolveEngine(env);
const made: string[] = [];

before(async () => {
  await podman.version().catch(() => assert.fail(`no Podman answers on ${socket}: run scripts/ensure-env.sh as root (npm test does), or set BERTH_PODMAN_SOCKET`));
});

after(async () => {
  for (const ws of made) {
    await berth(['down', '--workspace-folder', ws, '--remove'], { env });
    // The images Berth built for the workspace, newest stage first (each is the next one's base).
    const built = builtImageName(ws);
    for (const name of [`${built}-features-uid`, `${built}-features`, `${built}-uid`, built]) await podman.removeImage(name).catch(() => undefined);
  }
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
