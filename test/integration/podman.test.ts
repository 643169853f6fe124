// The same `berth` against rootful Podman's Docker API (started by scripts/ensure-env.sh on its own socket):
// Berth knows it is Podman, and image and Dockerfile configs come up with forwards, hooks, exec and down.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveEngine } from '../../runtime-helper/engine/docker';
import { berth } from '../support/cli';
import { forwardOf, httpGet } from '../support/ports';
import { BASE_IMAGE, devcontainer } from '../support/workspace';

const socket = process.env.BERTH_PODMAN_SOCKET ?? '/var/tmp/berth-env/podman/podman.sock';
const env = { DOCKER_HOST: `unix://${socket}` };
const made: string[] = [];

before(async () => {
  await resolveEngine(env)
    .version()
    .catch(() => assert.fail(`no Podman answers on ${socket}: run scripts/ensure-env.sh as root (npm test does), or set BERTH_PODMAN_SOCKET`));
});

after(async () => {
  for (const ws of made) await berth(['down', '--workspace-folder', ws, '--remove'], { env });
});

describe('rootful Podman', () => {
  test('is described as Podman whose container addresses this host reaches', async () => {
    assert.deepEqual(await resolveEngine(env).description(), { flavour: 'podman', isLocal: true, sharesKernel: true, reachesContainerAddresses: true, rootless: false });
  });

  test('an image config comes up with a direct forward, and exec and down work', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, forwardPorts: [8080], postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}' }, { 'index.html': 'hello from podman\n' });
    made.push(ws);
    const r = await berth(['up', '--workspace-folder', ws], { env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const f = await forwardOf(ws, 8080, env);
    assert.equal(f.path, 'direct');
    assert.equal((await httpGet(f.localAddress!, '/index.html')).body.toString(), 'hello from podman\n');
    const down = await berth(['down', '--workspace-folder', ws], { env });
    assert.equal(down.code, 0, down.stderr);
  });

  test('a Dockerfile config with a non-root remoteUser builds, runs its hook as that user, and exec finds it', async () => {
    const ws = devcontainer(
      { build: { dockerfile: 'Dockerfile' }, remoteUser: 'dev', postCreateCommand: 'id -un > /tmp/hook-user' },
      { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN useradd -m -u 1234 dev\n` },
    );
    made.push(ws);
    const r = await berth(['up', '--workspace-folder', ws], { env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const e = await berth(['exec', '--workspace-folder', ws, 'sh', '-c', 'id -un; cat /tmp/hook-user'], { env });
    assert.equal(e.stdout, 'dev\ndev\n', e.stderr);
  });
});
