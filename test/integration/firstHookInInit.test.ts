// A cold `up` whose first create hook is one command runs it in the container's own init
// process (no exec after the start), as an exec would run it: as the remote user, in the
// workspace folder, in the user's login shell. Once: a restart does not run it again.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { berth, containersOf, docker } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

const lines = (ws: string, file: string) => (existsSync(join(ws, file)) ? readFileSync(join(ws, file), 'utf8').trim().split('\n') : []);

/** The engine's exec events for the container between two times (seconds since the epoch). */
function execsBetween(id: string, since: number, until: number): string[] {
  return docker('events', '--since', String(since), '--until', String(until), '--filter', `container=${id}`, '--format', '{{.Action}}')
    .split('\n')
    .filter((action) => action.startsWith('exec'));
}

test('the first create hook runs in the init process, in the login shell, once: no exec after the start, nothing of the environment in the log', async () => {
  const ws = devcontainer(
    {
      build: { dockerfile: 'Dockerfile' },
      containerEnv: { GREETING: 'hi' },
      postCreateCommand: 'echo "$GREETING $FROM_RC $(pwd)" >> hook.log; echo hook-output',
    },
    // What only the user's login shell sets: the hook sees it, as through an exec.
    { '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN echo 'export FROM_RC=secret-from-rc' >> /root/.bashrc\n` },
  );
  const since = Math.floor(Date.now() / 1000);
  const r = await berth(['up', '--workspace-folder', ws]);
  const until = Math.ceil(Date.now() / 1000) + 1;
  assert.equal(r.code, 0, r.stderr);
  const folder = r.json.remoteWorkspaceFolder!;
  assert.deepEqual(lines(ws, 'hook.log'), [`hi secret-from-rc ${folder}`]);
  assert.match(r.stderr, /hook-output/, 'its output is shown as it runs');
  const [id] = containersOf(ws);
  assert.deepEqual(execsBetween(id, since, until), [], 'no exec in the container during up');
  const log = docker('logs', id);
  assert.doesNotMatch(log, /secret-from-rc/, "the user's environment is not in the container's log");

  // The environment is probed by the first exec, as after any up that left it unknown.
  const exec = await berth(['exec', '--workspace-folder', ws, 'sh', '-c', 'echo "$FROM_RC"']);
  assert.equal(exec.stdout.trim(), 'secret-from-rc');

  docker('restart', '-t', '1', id);
  const again = await berth(['up', '--workspace-folder', ws]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(lines(ws, 'hook.log'), [`hi secret-from-rc ${folder}`], 'a restart runs it no more');
});

test('a failing first hook fails up as through an exec: named, with its exit code and output; the container is kept and the next up retries it', async () => {
  const ws = devcontainer({ image: BASE_IMAGE, postCreateCommand: '[ -f fixed ] || { echo npm-install-broke; exit 7; }; echo postCreate >> hook.log' });
  const failed = await berth(['up', '--workspace-folder', ws]);
  assert.equal(failed.code, 1);
  assert.match(failed.json.message!, /devcontainer\.json:\d+:\d+: 'postCreateCommand': postCreateCommand failed with exit code 7; its last output:\n {4}npm-install-broke/);
  assert.match(failed.json.message!, /is kept .*the next `berth up` runs postCreateCommand again/);
  assert.equal(containersOf(ws).length, 1, 'the container is kept');
  writeFileSync(join(ws, 'fixed'), '');
  const retried = await berth(['up', '--workspace-folder', ws]);
  assert.equal(retried.code, 0, retried.stderr);
  assert.deepEqual(lines(ws, 'hook.log'), ['postCreate']);
});
