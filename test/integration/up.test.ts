// `berth up`, `exec` and `down` against the real engine, as a script would use them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { berth, containersOf, docker, onPodman, removeContainersOf } from '../support/cli';
import { waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

async function upOk(ws: string, extra: string[] = []) {
  const r = await berth(['up', '--workspace-folder', ws, ...extra]);
  assert.equal(r.code, 0, `up failed:\n${r.stderr}\n${r.stdout}`);
  assert.equal(r.json.outcome, 'success');
  return r;
}

function removeImage(image: string) {
  try {
    docker('rmi', image);
  } catch {
    /* not present locally */
  }
}

function inspect(id: string) {
  return JSON.parse(docker('inspect', id))[0];
}

describe('berth up with an image', () => {
  test('creates a labelled container with the workspace mounted and reports the devcontainer CLI result', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, containerEnv: { GREETING: 'hi ${localWorkspaceFolderBasename}' } }, { 'hello.txt': 'from the host' });
    const r = await upOk(ws);
    assert.deepEqual(Object.keys(r.json).sort(), ['containerId', 'outcome', 'remoteUser', 'remoteWorkspaceFolder']);
    assert.equal(r.json.remoteUser, 'root');
    assert.equal(r.json.remoteWorkspaceFolder, '/workspaces/ws');
    const info = inspect(r.json.containerId!);
    assert.equal(info.Config.Labels['devcontainer.local_folder'], ws);
    assert.equal(info.Config.Labels['devcontainer.config_file'], join(ws, '.devcontainer/devcontainer.json'));
    assert.ok(info.Config.Env.includes('GREETING=hi ws'));
    assert.equal(docker('exec', r.json.containerId!, 'cat', '/workspaces/ws/hello.txt'), 'from the host');
    // Progress went to stderr, with what each phase cost.
    assert.match(r.stderr, /\[create\] Creating the container \(done\) \[\d+ ms\]/);
  });

  test('a second up reuses the running container, and restarts a stopped one', async () => {
    const ws = devcontainer({ image: BASE_IMAGE });
    const first = await upOk(ws);
    const again = await upOk(ws);
    assert.equal(again.json.containerId, first.json.containerId);
    docker('stop', '-t', '0', first.json.containerId!);
    const restarted = await upOk(ws);
    assert.equal(restarted.json.containerId, first.json.containerId);
    assert.equal(inspect(first.json.containerId!).State.Running, true);
    assert.equal(containersOf(ws).length, 1);
  });

  test('--remove-existing-container replaces the container', async () => {
    const ws = devcontainer({ image: BASE_IMAGE });
    const first = await upOk(ws);
    const second = await upOk(ws, ['--remove-existing-container']);
    assert.notEqual(second.json.containerId, first.json.containerId);
    assert.deepEqual(containersOf(ws), [second.json.containerId!.slice(0, 12)]);
  });

  test('pulls a missing image from a registry with layer progress', async () => {
    // ensure-env pushed this image and removed it locally; one of its layers exists only in the registry.
    const image = '127.0.0.1:5000/berth/pulltest:1';
    removeImage(image);
    const ws = devcontainer({ image });
    const r = await upOk(ws);
    const reports = r.stderr.match(/^\[pull\] Pulling layers .*$/gm) ?? [];
    assert.match(reports.at(-1) ?? '', /Pulling layers (\d+)\/\1\b/, 'the last report has every layer done');
    if (!onPodman) {
      // Docker reports each layer's bytes; Podman's Docker API (4.3) does not, so there only layers are counted.
      assert.match(r.stderr, /\[pull\] Pulling layers 2\/2, 100%/);
      assert.match(r.stderr, /\[pull\] Pulling layers \d\/2, \d+%/);
    }
    assert.equal(inspect(r.json.containerId!).Config.Image, image);
    removeContainersOf(ws);
    removeImage(image);
  });
});

describe('lifecycle hooks', () => {
  const log = (ws: string) => (existsSync(join(ws, 'hooks.log')) ? readFileSync(join(ws, 'hooks.log'), 'utf8').trim().split('\n') : []);
  const append = (name: string) => `echo ${name} >> hooks.log`;

  test('run in order, in all three forms, create-time hooks once per container and postStart once per start', async () => {
    const ws = devcontainer({
      image: BASE_IMAGE,
      initializeCommand: ['/bin/sh', '-c', 'pwd > host-pwd.txt'],
      onCreateCommand: append('onCreate'),
      updateContentCommand: ['/bin/sh', '-c', append('updateContent')],
      postCreateCommand: { a: append('postCreate-a'), b: ['/bin/sh', '-c', append('postCreate-b')] },
      postStartCommand: append('postStart'),
      postAttachCommand: append('postAttach'),
    });
    const r = await upOk(ws);
    const first = log(ws);
    assert.deepEqual(first.slice(0, 2), ['onCreate', 'updateContent']);
    assert.deepEqual(first.slice(2, 4).sort(), ['postCreate-a', 'postCreate-b']);
    assert.deepEqual(first.slice(4), ['postStart', 'postAttach']);
    assert.equal(readFileSync(join(ws, 'host-pwd.txt'), 'utf8').trim(), ws, 'initializeCommand runs on the host, in the workspace');
    assert.match(r.stderr, /\[hook\] postCreateCommand done \[\d+ ms\]/);

    await upOk(ws);
    assert.deepEqual(log(ws).slice(first.length), ['postAttach']);
    docker('stop', '-t', '0', r.json.containerId!);
    await upOk(ws);
    assert.deepEqual(log(ws).slice(first.length + 1), ['postStart', 'postAttach']);
  });

  test('a restart outside berth runs postStartCommand again, once per start', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, postStartCommand: append('postStart'), postAttachCommand: append('postAttach') });
    const r = await upOk(ws);
    assert.deepEqual(log(ws), ['postStart', 'postAttach']);
    docker('restart', '-t', '0', r.json.containerId!);
    // The helper sees the container start again and runs the hook, with no `up` asked for.
    await waitFor('postStart after the restart', async () => (log(ws).length === 3 ? true : undefined), 15_000);
    assert.deepEqual(log(ws), ['postStart', 'postAttach', 'postStart']);
    await upOk(ws);
    assert.deepEqual(log(ws).slice(3), ['postAttach'], 'up does not run it twice for the same start');
  });

  test('a failing hook stops the later ones and fails up, naming the hook and its exit code', async () => {
    const ws = devcontainer('{\n  "image": "' + BASE_IMAGE + '",\n  "postCreateCommand": "echo broken-step; exit 7",\n  "postStartCommand": "echo ran > should-not-exist"\n}');
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 1);
    assert.equal(r.json.outcome, 'error');
    assert.match(r.json.message!, /postCreateCommand failed with exit code 7/);
    assert.match(r.json.message!, /broken-step/);
    assert.match(r.json.message!, /devcontainer\.json:3:3: 'postCreateCommand'/);
    assert.equal(existsSync(join(ws, 'should-not-exist')), false);
  });
});

describe('container options', () => {
  test('mounts, runArgs, appPort, privileges and environment reach the engine', async () => {
    const ws = devcontainer({
      image: BASE_IMAGE,
      mounts: ['type=volume,source=berth-test-vol,target=/data', { type: 'tmpfs', target: '/scratch' }],
      runArgs: ['-e', 'FROM_RUNARGS=1', '--label', 'berth.test=1', '--hostname', 'devbox', '--shm-size=128m'],
      appPort: [18931],
      init: true,
      capAdd: ['SYS_PTRACE'],
      securityOpt: ['no-new-privileges'],
      containerEnv: { TOOL_HOME: '/opt/tool' },
      remoteEnv: { PATH: '${containerEnv:PATH}:/opt/tool/bin', EMPTY: null },
    });
    const r = await upOk(ws);
    const info = inspect(r.json.containerId!);
    const mounts = Object.fromEntries(info.Mounts.map((m: { Destination: string; Type: string }) => [m.Destination, m.Type]));
    const { '/scratch': _tmpfs, ...others } = mounts;
    assert.deepEqual(others, { '/workspaces/ws': 'bind', '/data': 'volume' });
    // Podman's inspect lists a tmpfs under HostConfig.Tmpfs, not Mounts: the container itself says what is mounted.
    assert.match(docker('exec', r.json.containerId!, 'grep', ' /scratch ', '/proc/mounts'), /^tmpfs \/scratch tmpfs /);
    assert.ok(info.Config.Env.includes('FROM_RUNARGS=1'));
    assert.equal(info.Config.Labels['berth.test'], '1');
    assert.equal(info.Config.Hostname, 'devbox');
    assert.equal(info.HostConfig.ShmSize, 128 * 1024 * 1024);
    assert.deepEqual(info.HostConfig.PortBindings['18931/tcp'], [{ HostIp: '127.0.0.1', HostPort: '18931' }]);
    assert.equal(info.HostConfig.Init, true);
    assert.deepEqual(info.HostConfig.CapAdd, ['SYS_PTRACE']);
    // On Podman Berth also turns SELinux labelling off, as the devcontainer CLI does (podmanAdapter.ts).
    assert.deepEqual(info.HostConfig.SecurityOpt, onPodman ? ['no-new-privileges', 'label=disable'] : ['no-new-privileges']);

    const exec = await berth(['exec', '--workspace-folder', ws, 'sh', '-c', 'echo "$PATH"; pwd; whoami; exit 5']);
    assert.equal(exec.code, 5, 'the exit status passes through');
    const [path, pwd, user] = exec.stdout.trim().split('\n');
    assert.match(path, /:\/opt\/tool\/bin$/);
    assert.equal(pwd, '/workspaces/ws');
    assert.equal(user, 'root');

    const down = await berth(['down', '--workspace-folder', ws, '--remove']);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(containersOf(ws), []);
    assert.equal(docker('volume', 'ls', '-q', '--filter', 'name=berth-test-vol'), 'berth-test-vol', 'named volumes are kept');
    docker('volume', 'rm', 'berth-test-vol');
  });

  test('down stops the container without removing it', async () => {
    const ws = devcontainer({ image: BASE_IMAGE });
    const r = await upOk(ws);
    const down = await berth(['down', '--workspace-folder', ws]);
    assert.equal(down.code, 0);
    assert.equal(inspect(r.json.containerId!).State.Running, false);
    const exec = await berth(['exec', '--workspace-folder', ws, 'true']);
    assert.equal(exec.code, 1);
    assert.match(exec.json.message!, /is not running/);
    assert.match(exec.json.message!, /fix: berth up --workspace-folder/);
  });
});

describe('berth up with a Dockerfile', () => {
  test('builds through the engine honouring .dockerignore, args and target, and runs as remoteUser', async () => {
    const dockerfile = [
      `FROM ${BASE_IMAGE} AS base`,
      'ARG GREETING=unset',
      'RUN useradd -m -s /bin/bash dev && echo "$GREETING" > /greeting',
      'COPY . /ctx/',
      "RUN echo 'export FROM_PROFILE=yes' >> /etc/profile",
      'FROM base AS final',
      'RUN echo final > /stage',
      'FROM base AS other',
      'RUN echo other > /stage',
    ].join('\n');
    const ws = devcontainer(
      {
        build: { dockerfile: 'Dockerfile', context: '..', args: { GREETING: 'built-by-berth' }, target: 'final' },
        remoteUser: 'dev',
        userEnvProbe: 'loginShell',
      },
      { '.devcontainer/Dockerfile': dockerfile, '.dockerignore': 'secret.txt\nnode_modules\n', 'secret.txt': 'do not send', 'kept.txt': 'sent', 'node_modules/x/index.js': '1' },
    );
    const r = await upOk(ws);
    assert.equal(r.json.remoteUser, 'dev');
    // BuildKit names the stage; Podman builds with Buildah, which numbers them.
    assert.match(r.stderr, onPodman ? /^\[build\] \[1\/2\] STEP 1\/\d+: FROM /m : /^\[build\] \[base 1\/\d+\] FROM /m);
    const id = r.json.containerId!;
    const image = inspect(id).Config.Image as string;
    // Podman's inspect gives the name qualified, as it stores it.
    assert.match(image, onPodman ? /^docker\.io\/library\/vsc-ws-[0-9a-f]{64}:latest$/ : /^vsc-ws-[0-9a-f]{64}$/);
    assert.equal(docker('exec', id, 'cat', '/greeting'), 'built-by-berth');
    assert.equal(docker('exec', id, 'cat', '/stage'), 'final');
    assert.equal(docker('exec', id, 'ls', '-A', '/ctx').split('\n').sort().join(','), '.devcontainer,.dockerignore,kept.txt');
    const exec = await berth(['exec', '--workspace-folder', ws, 'sh', '-c', 'whoami; echo "$FROM_PROFILE"']);
    assert.equal(exec.stdout.trim(), 'dev\nyes');
    await berth(['down', '--workspace-folder', ws, '--remove']);
    docker('rmi', image);
  });

  test('overrideCommand false keeps the image command', async () => {
    const ws = devcontainer({ build: { dockerfile: 'Dockerfile' }, overrideCommand: false }, { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nCMD ["sleep", "600"]\n` });
    const r = await upOk(ws);
    const info = inspect(r.json.containerId!);
    assert.deepEqual(info.Config.Cmd, ['sleep', '600']);
    await berth(['down', '--workspace-folder', ws, '--remove']);
    docker('rmi', info.Config.Image);
  });
});
