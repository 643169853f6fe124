// A `berth up` that goes away mid-operation (Ctrl-C, killed): the shared helper lives on and
// keeps serving other workspaces; the build is cancelled without a trace; a hook it was
// running is ended and counts as failed, so its container is kept and the next `up` goes on.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { builtImageName } from '../../runtime-helper/engine/imageName';
import { BERTH, berth, containersOf, docker, isAlive, testEnv } from '../support/cli';
import { forwardOf, httpGet, waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

/** Starts `berth up` and resolves once its stderr shows `marker`. */
function upUntil(ws: string, marker: RegExp): Promise<{ child: ChildProcess; exited: Promise<{ code: number | null; stdout: string; stderr: string }> }> {
  const child = spawn(process.execPath, [BERTH, 'up', '--workspace-folder', ws], { env: testEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (b) => {
      stderr += b;
      if (marker.test(stderr)) resolve({ child, exited });
    });
    void exited.then(() => reject(new Error(`up ended before ${marker}:\n${stderr}`)));
  });
}

async function helperPid(): Promise<number> {
  const r = await berth(['helper', 'status']);
  return r.json.pid as number;
}

/** Lines of a workspace file the hooks append to. */
const lines = (ws: string, file: string) => (existsSync(join(ws, file)) ? readFileSync(join(ws, file), 'utf8').trim().split('\n') : []);

/** The processes in the container whose command line matches `pattern`. */
function processesMatching(containerId: string, pattern: string): string[] {
  return docker('exec', containerId, 'sh', '-c', 'grep -l -e "$1" /proc/[0-9]*/cmdline 2>/dev/null || true', 'sh', pattern).split('\n').filter(Boolean);
}

describe('a client that goes away during up', () => {
  let pid: number;
  let site: string;

  before(async () => {
    // Another workspace's forward, which must answer throughout.
    const other = devcontainer({ image: BASE_IMAGE, forwardPorts: [8080], postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}' }, { 'index.html': 'still here\n' });
    const r = await berth(['up', '--workspace-folder', other]);
    assert.equal(r.code, 0, r.stderr);
    site = (await forwardOf(other, 8080)).localAddress!;
    pid = await helperPid();
  });

  async function assertHelperServes() {
    assert.ok(isAlive(pid), 'the helper is still running');
    assert.equal(await helperPid(), pid, 'the same helper answers');
    assert.equal((await httpGet(site, '/index.html')).body.toString(), 'still here\n', "another workspace's forward answers");
  }

  test('Ctrl-C during a build that prints: up says it was cancelled, and the build leaves no image and no container', async () => {
    const marker = randomUUID();
    const ws = devcontainer(
      { build: { dockerfile: 'Dockerfile' } },
      { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN for i in $(seq 1 300); do echo build-line-$i ${marker}; sleep 0.05; done\n` },
    );
    const { child, exited } = await upUntil(ws, /build-line-3 /);
    child.kill('SIGINT');
    const r = await exited;
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error: up was cancelled/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()!).outcome, 'error');
    // The build's step container (its command carries the marker) goes once the engine cancels it.
    await waitFor('the build container to go', async () => (docker('ps', '-a', '--no-trunc', '--format', '{{.Command}}').includes(marker) ? undefined : true), 10_000);
    await assertHelperServes();
    assert.equal(docker('images', '-q', builtImageName(ws)), '', 'no image is tagged');
    assert.deepEqual(containersOf(ws), []);
  });

  test('Ctrl-C during initializeCommand ends it and what it started on the host, and creates nothing', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, initializeCommand: 'sleep 30 & echo $! > sleeper.pid; echo init-running; wait' });
    const { child, exited } = await upUntil(ws, /init-running/);
    child.kill('SIGINT');
    assert.notEqual((await exited).code, 0);
    const sleeper = Number(readFileSync(join(ws, 'sleeper.pid'), 'utf8'));
    await waitFor('the host process to be ended', async () => (isAlive(sleeper) ? undefined : true), 5000);
    await assertHelperServes();
    assert.deepEqual(containersOf(ws), []);
  });

  test('killed during a hook that prints: the hook is ended, the container kept, and the next up runs that hook again but not the ones before', async () => {
    const ws = devcontainer({
      image: BASE_IMAGE,
      onCreateCommand: 'echo onCreate >> hooks.log',
      // Loops printing until the file `go` exists.
      postCreateCommand: 'i=0; while [ ! -f go ]; do i=$((i+1)); echo hook-line-$i; sleep 0.05; done; echo postCreate >> hooks.log',
    });
    const { child, exited } = await upUntil(ws, /hook-line-3\n/);
    child.kill('SIGKILL');
    await exited;
    await assertHelperServes();
    const [id] = containersOf(ws);
    assert.ok(id, 'the container is kept');
    await waitFor('the hook to be ended', async () => (processesMatching(id, 'hook-lin[e]').length ? undefined : true), 5000);
    assert.deepEqual(lines(ws, 'hooks.log'), ['onCreate']);
    writeFileSync(join(ws, 'go'), '');
    const again = await berth(['up', '--workspace-folder', ws]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.containerId!.slice(0, 12), id);
    assert.deepEqual(lines(ws, 'hooks.log'), ['onCreate', 'postCreate']);
  });

  test('killed during a silent hook: the helper lives, the container is kept, and a hook that still finishes well is not a failure', async () => {
    const ws = devcontainer({
      image: BASE_IMAGE,
      // Prints once, then nothing: ending it (TERM) makes it finish its work and succeed.
      onCreateCommand: 'trap "echo onCreate >> hooks.log; exit 0" TERM; echo silent-from-now; sleep 30 & wait $!',
      postCreateCommand: 'echo postCreate >> hooks.log',
    });
    const { child, exited } = await upUntil(ws, /silent-from-now/);
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGKILL');
    await exited;
    await assertHelperServes();
    const [id] = containersOf(ws);
    assert.ok(id, 'the container is kept');
    await waitFor('onCreateCommand to finish', async () => (lines(ws, 'hooks.log').length ? true : undefined), 5000);
    assert.deepEqual(lines(ws, 'hooks.log'), ['onCreate']);
    const again = await berth(['up', '--workspace-folder', ws]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.containerId!.slice(0, 12), id);
    assert.deepEqual(lines(ws, 'hooks.log'), ['onCreate', 'postCreate'], 'onCreateCommand succeeded once and is not run again');
  });
});
