// updateRemoteUserUID on Linux, as a user who is not root: remoteUser takes the host user's
// UID and GID, so what it writes in the bind-mounted workspace belongs to that user.
// The test runs the CLI (and so the helper it starts) as UID/GID 4321 through setpriv,
// with the docker group for the engine's socket.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { builtImageName, uidImageName } from '../../runtime-helper/engine/imageName';
import { BERTH, docker, dockerQuietly, removeContainersOf, stopHelper } from '../support/cli';
import { BASE_IMAGE } from '../support/workspace';

const UID = 4321;
const root = mkdtempSync(join(tmpdir(), 'berth-uid-test-'));
const ws = join(root, 'ws');
// DOCKER_HOST: the engine the file runs against (Podman's socket under BERTH_TEST_ENGINE=podman).
const env = { PATH: process.env.PATH, DOCKER_HOST: process.env.DOCKER_HOST, HOME: root, BERTH_HELPER_DIR: join(root, 'helper'), XDG_STATE_HOME: join(root, 'state'), BERTH_HELPER_IDLE_MS: '5000' };

const dockerGroup = spawnSync('getent', ['group', 'docker'], { encoding: 'utf8' }).stdout.split(':')[2];
const SETPRIV = ['--reuid', String(UID), '--regid', String(UID), ...(dockerGroup ? ['--groups', dockerGroup] : ['--clear-groups'])];

/** Runs `berth` as UID/GID 4321 with the docker group; never as root. */
function berthAsUser(args: string[]) {
  const r = spawnSync('setpriv', [...SETPRIV, process.execPath, BERTH, ...args], { encoding: 'utf8', env, cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(() => {
  removeContainersOf(ws);
  stopHelper(env);
  const image = builtImageName(ws);
  dockerQuietly('rmi', uidImageName(image), image);
  rmSync(root, { recursive: true, force: true });
});

test('remoteUser gets the host user\'s UID and GID, and files it writes in the workspace are theirs', { skip: process.platform !== 'linux' && 'updateRemoteUserUID is Linux only' }, () => {
  mkdirSync(join(ws, '.devcontainer'), { recursive: true });
  writeFileSync(join(ws, '.devcontainer', 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN useradd -m -u 2000 dev\n`);
  writeFileSync(join(ws, '.devcontainer', 'devcontainer.json'), JSON.stringify({ build: { dockerfile: 'Dockerfile' }, remoteUser: 'dev' }));
  for (const dir of [root, ws, join(ws, '.devcontainer')]) chownSync(dir, UID, UID);

  const up = berthAsUser(['up', '--workspace-folder', ws]);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stderr, /\[uid\]/, 'the UID image is built, with its progress shown');
  const id = berthAsUser(['exec', '--workspace-folder', ws, 'id', '-u', 'dev']);
  assert.equal(id.stdout.trim(), String(UID), id.stderr);
  const gid = berthAsUser(['exec', '--workspace-folder', ws, 'id', '-g']);
  assert.equal(gid.stdout.trim(), String(UID), gid.stderr);
  const touch = berthAsUser(['exec', '--workspace-folder', ws, 'touch', 'written-in-container']);
  assert.equal(touch.code, 0, touch.stderr);
  const owner = statSync(join(ws, 'written-in-container'));
  assert.deepEqual([owner.uid, owner.gid], [UID, UID]);
  assert.match(JSON.parse(docker('container', 'inspect', JSON.parse(up.stdout.trim().split('\n').pop()!).containerId))[0].Config.Image, /-uid(:latest)?$/, 'the container runs the UID image (Podman names it with its tag)');
});
