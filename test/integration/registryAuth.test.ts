// Pulling from a registry that wants a login, with the credentials the docker CLI keeps.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { berth, containersOf, docker } from '../support/cli';
import { cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

// Made by scripts/ensure-env.sh for this machine only.
const PASSWORD_FILE = '/var/tmp/berth-env/auth-registry/password';
const IMAGE = '127.0.0.1:5001/berth/private:1';

function dockerConfig(auths: Record<string, { auth: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths }), { mode: 0o600 });
  return dir;
}

function removeLocal(): void {
  try {
    docker('rmi', IMAGE);
  } catch {
    /* not present */
  }
}

describe('registry credentials', () => {
  test('without credentials the pull fails with one message and a fix', async () => {
    removeLocal();
    const ws = devcontainer({ image: IMAGE });
    const r = await berth(['up', '--workspace-folder', ws], { env: { DOCKER_CONFIG: dockerConfig({}) } });
    assert.equal(r.code, 1);
    assert.match(r.json.message!, /pulling 127\.0\.0\.1:5001\/berth\/private:1 failed: .*(no basic auth credentials|unauthorized|authentication required)/i);
    assert.match(r.json.message!, /docker login 127\.0\.0\.1:5001/);
    assert.deepEqual(containersOf(ws), []);
  });

  test('with the credentials in config.json the image is pulled, and the password is never printed', async () => {
    removeLocal();
    const password = readFileSync(PASSWORD_FILE, 'utf8').trim();
    const auth = Buffer.from(`berth:${password}`).toString('base64');
    const ws = devcontainer({ image: IMAGE });
    const r = await berth(['up', '--workspace-folder', ws], { env: { DOCKER_CONFIG: dockerConfig({ '127.0.0.1:5001': { auth } }) } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(JSON.parse(docker('inspect', r.json.containerId!))[0].Config.Image, IMAGE);
    assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password) && !r.stderr.includes(auth));
    docker('rm', '-f', r.json.containerId!);
    removeLocal();
  });
});
