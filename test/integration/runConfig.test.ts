// How a config's container is made, on the real engine: the workspace mount whatever the
// folder is named, docker run flags in runArgs, refusals traced to their flag, the build
// context and the workspace folder as the devcontainer CLI has them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { berth, containersOf, docker, onPodman, REPO, testEnv } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer, workspace } from '../support/workspace';

const outside = mkdtempSync(join(tmpdir(), 'berth-outside-'));
after(() => {
  cleanupWorkspaces();
  rmSync(outside, { recursive: true, force: true });
});

async function upOk(ws: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = await berth(['up', '--workspace-folder', ws, ...extra], { env });
  assert.equal(r.code, 0, `up failed:\n${r.stderr}\n${r.stdout}`);
  return r;
}

const inspect = (id: string) => JSON.parse(docker('inspect', id))[0];

describe('the workspace mount', () => {
  test('a folder named like mount options is mounted as itself, and nothing else is', async () => {
    writeFileSync(join(outside, 'outside-marker'), 'must not be visible');
    const config = { image: BASE_IMAGE };
    const ws = workspace({ '.devcontainer/devcontainer.json': config, 'ws-marker': 'mine' }, `proj,src=${outside}`);
    const r = await upOk(ws);
    const target = `/workspaces/${basename(outside)}`;
    const ls = await berth(['exec', '--workspace-folder', ws, 'ls', '-A', target]);
    assert.deepEqual(ls.stdout.trim().split('\n').sort(), ['.devcontainer', 'ws-marker']);
    const mounts = inspect(r.json.containerId!).Mounts as { Source: string; Destination: string; RW: boolean }[];
    assert.deepEqual(mounts.map((m) => [m.Source, m.Destination, m.RW]), [[ws, target, true]]);
  });
});

describe('runArgs: docker run flags', () => {
  test('--ipc, --tmpfs, --sysctl, --ulimit, --add-host, --label, --dns and friends reach the engine', async () => {
    // Podman drops containers.conf's default_ulimits once a container sets one, and its own nproc default
    // is over this sandbox's hard limit: there the config sets nproc too, as a user of such a host must.
    const ulimits = [{ Name: 'nofile', Soft: 1024, Hard: 2048 }, ...(onPodman ? [{ Name: 'nproc', Soft: 4096, Hard: 4096 }] : [])];
    const ws = devcontainer({
      image: BASE_IMAGE,
      runArgs: ['--ipc=host', '--tmpfs', '/scratch:size=16m', '--sysctl', 'net.ipv4.ip_unprivileged_port_start=80', ...ulimits.flatMap((u) => ['--ulimit', `${u.Name}=${u.Soft}:${u.Hard}`]), '--add-host=db.internal:10.1.2.3', '-l', 'team=berth', '--dns', '9.9.9.9', '--dns-search=corp.example', '--pids-limit', '300', '--stop-signal', 'SIGINT', '--cpus=0.5', '-m', '256m', '--group-add', '44', '--read-only=false', '-it'],
    });
    const r = await upOk(ws);
    const info = inspect(r.json.containerId!);
    // Podman's inspect adds its default tmpfs options after the size.
    assert.match(info.HostConfig.Tmpfs['/scratch'], /^size=16m(,|$)/);
    // Podman 4.3's inspect spells ulimits and signals its own way and leaves sysctls out; what the
    // container lives with is checked inside it below, on both engines.
    if (!onPodman) assert.deepEqual(info.HostConfig.Sysctls, { 'net.ipv4.ip_unprivileged_port_start': '80' });
    assert.deepEqual(info.HostConfig.Ulimits, ulimits.map((u) => ({ ...u, Name: onPodman ? `RLIMIT_${u.Name.toUpperCase()}` : u.Name })));
    assert.deepEqual(info.HostConfig.ExtraHosts, ['db.internal:10.1.2.3']);
    assert.equal(info.Config.Labels.team, 'berth');
    assert.deepEqual(info.HostConfig.Dns, ['9.9.9.9']);
    assert.deepEqual(info.HostConfig.DnsSearch, ['corp.example']);
    assert.equal(info.HostConfig.PidsLimit, 300);
    assert.equal(String(info.Config.StopSignal), onPodman ? '2' : 'SIGINT');
    assert.equal(info.HostConfig.NanoCpus, 5e8);
    assert.equal(info.HostConfig.Memory, 256 * 1024 ** 2);
    assert.deepEqual(info.HostConfig.GroupAdd, ['44']);
    assert.equal(info.Config.Tty, true);
    // …and the container lives with them.
    const exec = await berth(['exec', '--workspace-folder', ws, 'sh', '-c', 'ulimit -Hn; grep db.internal /etc/hosts; grep -c scratch /proc/mounts; cat /proc/sys/net/ipv4/ip_unprivileged_port_start; readlink /proc/self/ns/ipc']);
    assert.equal(exec.code, 0, exec.stderr);
    // The hard limit: Podman's exec raises the soft one to it. --ipc=host: the host's IPC namespace (Podman 4.3's inspect says `shareable` even so).
    const hostIpc = readlinkSync('/proc/self/ns/ipc');
    assert.deepEqual(exec.stdout.trim().split('\n').map((l) => l.trim().replace(/\s+/g, ' ')), ['2048', '10.1.2.3 db.internal', '1', '80', hostIpc]);
  });

  test('-e NAME takes the value of the CLI that asks, not of the helper that runs', async () => {
    const env = { BERTH_FROM_CALLER: 'from-the-helper-start' };
    // This call starts the helper with one environment; `up` then comes from a CLI with another.
    const status = await berth(['helper', 'status'], { env });
    assert.equal(status.code, 0, status.stderr);
    const ws = devcontainer({ image: BASE_IMAGE, runArgs: ['-e', 'BERTH_FROM_CALLER', '--env', 'BERTH_UNSET_HERE'] });
    const r = await upOk(ws, [], { BERTH_FROM_CALLER: 'from-the-cli' });
    assert.ok((inspect(r.json.containerId!).Config.Env as string[]).includes('BERTH_FROM_CALLER=from-the-cli'));
    // A name the caller has not set stays unset in the container, as with docker run.
    const exec = await berth(['exec', '--workspace-folder', ws, 'sh', '-c', 'echo "$BERTH_FROM_CALLER ${BERTH_UNSET_HERE-unset}"']);
    assert.equal(exec.stdout.trim(), 'from-the-cli unset');
  });

  test('a setting the host refuses names its runArgs flag and line, and leaves no container', async () => {
    const config = `{\n  "image": "${BASE_IMAGE}",\n  "runArgs": ["--init",\n    "--ulimit", "nofile=99000000:99000000"]\n}\n`;
    const ws = devcontainer(config);
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 1);
    const message = `${r.json.message}\n${r.stderr}`;
    assert.match(message, /devcontainer\.json:4:5: 'runArgs\.1': the engine refused the container because of --ulimit nofile=99000000:99000000 \(runArgs\.1\): .*rlimit/);
    assert.match(message, /fix: Change or remove --ulimit in runArgs/);
    assert.deepEqual(containersOf(ws), []);
  });

  test('an engine refusal of a config property names that property', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, mounts: ['type=bind,source=/nonexistent/berth-src,target=/x'] });
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 1);
    assert.match(`${r.json.message}`, /'mounts\.0': the engine refused the container because of "mounts\.0": .*\/nonexistent\/berth-src/);
    assert.deepEqual(containersOf(ws), []);
  });
});

describe('as the devcontainer CLI runs the same config', () => {
  test('without build.context, COPY reads from the Dockerfile\'s folder', async () => {
    const ws = devcontainer({ build: { dockerfile: 'docker/Dockerfile' } }, {
      '.devcontainer/docker/Dockerfile': `FROM ${BASE_IMAGE}\nCOPY beside.txt /beside.txt\n`,
      '.devcontainer/docker/beside.txt': 'next to the Dockerfile\n',
    });
    await upOk(ws);
    const cat = await berth(['exec', '--workspace-folder', ws, 'cat', '/beside.txt']);
    assert.equal(cat.stdout, 'next to the Dockerfile\n');
    docker('rmi', '-f', `${JSON.parse(docker('inspect', containersOf(ws)[0]))[0].Config.Image}`);
  });

  test('a subfolder config with workspaceFolder: the workspace is at /workspaces/<repo>, hooks there reach it', async () => {
    const config = { image: BASE_IMAGE, workspaceFolder: '/workspaces/repo/sub', postCreateCommand: 'cd /workspaces/repo && touch made-by-hook' };
    const files = { '.devcontainer/tools/devcontainer.json': config, 'sub/keep': '' };
    const ours = workspace(files, 'repo');
    const theirs = workspace(files, 'repo');
    const configOf = (ws: string) => join(ws, '.devcontainer/tools/devcontainer.json');
    const r = await upOk(ours, ['--config', configOf(ours)]);
    const cli = spawnSync(join(REPO, 'node_modules/.bin/devcontainer'), ['up', '--workspace-folder', theirs, '--config', configOf(theirs)], { encoding: 'utf8', env: testEnv });
    const theirResult = JSON.parse(cli.stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(theirResult.outcome, 'success', cli.stderr);
    assert.equal(r.json.remoteWorkspaceFolder, theirResult.remoteWorkspaceFolder);
    assert.equal(existsSync(join(ours, 'made-by-hook')), existsSync(join(theirs, 'made-by-hook')));
    assert.ok(existsSync(join(ours, 'made-by-hook')), 'the hook ran inside the mounted workspace');
    const pwd = await berth(['exec', '--workspace-folder', ours, '--config', configOf(ours), 'pwd']);
    assert.equal(pwd.stdout.trim(), '/workspaces/repo/sub');
  });
});
