// What a failed `up` leaves: a failing hook keeps its container and the next `up` goes on
// from that hook; a user the image lacks is bad input and leaves nothing;
// --remove-existing-container takes the old container's anonymous volumes, never named ones.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { berth, containersOf, docker, dockerQuietly, onPodman } from '../support/cli';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

const hooksLog = (ws: string) => (existsSync(join(ws, 'hooks.log')) ? readFileSync(join(ws, 'hooks.log'), 'utf8').trim().split('\n') : []);

describe('a failing hook', () => {
  test('keeps the container, fails up naming the hook, its exit code and output; the next up retries from that hook; --remove-existing-container starts clean', async () => {
    const ws = devcontainer({
      image: BASE_IMAGE,
      onCreateCommand: 'echo onCreate >> hooks.log',
      updateContentCommand: 'echo updateContent >> hooks.log',
      // Fails until the file `fixed` exists, as a flaky install would.
      postCreateCommand: '[ -f fixed ] || { echo npm-install-broke; exit 7; }; echo postCreate >> hooks.log',
      postStartCommand: 'echo postStart >> hooks.log',
    });
    const failed = await berth(['up', '--workspace-folder', ws]);
    assert.equal(failed.code, 1);
    assert.equal(failed.json.outcome, 'error');
    assert.match(failed.json.message!, /devcontainer\.json:\d+:\d+: 'postCreateCommand': postCreateCommand failed with exit code 7/);
    assert.match(failed.json.message!, /npm-install-broke/);
    assert.match(failed.json.message!, /is kept .*the next `berth up` runs postCreateCommand again/);
    const [id] = containersOf(ws);
    assert.ok(id, 'the container is kept');
    assert.equal(JSON.parse(docker('inspect', id))[0].State.Running, true);
    assert.deepEqual(hooksLog(ws), ['onCreate', 'updateContent']);

    // Still broken: the same container, only the failed hook runs again.
    const stillFailing = await berth(['up', '--workspace-folder', ws]);
    assert.equal(stillFailing.code, 1);
    assert.deepEqual(containersOf(ws), [id]);
    assert.deepEqual(hooksLog(ws), ['onCreate', 'updateContent']);

    writeFileSync(join(ws, 'fixed'), '');
    const retried = await berth(['up', '--workspace-folder', ws]);
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(retried.json.containerId!.slice(0, 12), id);
    assert.deepEqual(hooksLog(ws), ['onCreate', 'updateContent', 'postCreate', 'postStart']);

    const clean = await berth(['up', '--workspace-folder', ws, '--remove-existing-container']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.notEqual(clean.json.containerId!.slice(0, 12), id);
    assert.deepEqual(hooksLog(ws).slice(4), ['onCreate', 'updateContent', 'postCreate', 'postStart']);
  });
});

test('a failing part of a parallel hook is named, and its container kept too', async () => {
  const ws = devcontainer({ image: BASE_IMAGE, postCreateCommand: { good: 'true', bad: 'exit 2' } });
  const r = await berth(['up', '--workspace-folder', ws]);
  assert.equal(r.code, 1);
  assert.match(r.json.message!, /'postCreateCommand\.bad': postCreateCommand \(part "bad"\) failed with exit code 2/);
  assert.equal(containersOf(ws).length, 1);
});

describe('a user the image does not have', () => {
  for (const property of ['remoteUser', 'containerUser']) {
    test(`${property}: up fails naming the user, the image and the property, and leaves no container`, async () => {
      const ws = devcontainer(`{\n  "image": "${BASE_IMAGE}",\n  "${property}": "nosuchuser"\n}`);
      const r = await berth(['up', '--workspace-folder', ws]);
      assert.equal(r.code, 1, r.stdout);
      assert.equal(
        r.json.message,
        `${join(ws, '.devcontainer/devcontainer.json')}:3:3: '${property}': the user "nosuchuser" does not exist in the image ${BASE_IMAGE} (its /etc/passwd has no such entry)\n` +
          // Podman reads no file of a container whose own user (containerUser) it cannot find: no users to offer.
          `  fix: Set "${property}" to a user the image has${onPodman && property === 'containerUser' ? '' : ' (root)'}, or create "nosuchuser" in the image (for example RUN useradd -m nosuchuser in its Dockerfile).`,
      );
      assert.deepEqual(containersOf(ws), []);
    });
  }

  test('a numeric user needs no entry', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, remoteUser: '1234' });
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.remoteUser, '1234');
  });
});

describe('--remove-existing-container', () => {
  test("removes the old container's anonymous volumes and keeps its named ones", async () => {
    const named = `berth-test-named-${randomUUID().slice(0, 8)}`;
    try {
      const ws = devcontainer({ image: BASE_IMAGE, mounts: ['type=volume,target=/scratch', `type=volume,source=${named},target=/keep`] });
      const first = await berth(['up', '--workspace-folder', ws]);
      assert.equal(first.code, 0, first.stderr);
      const mounts: { Destination: string; Name: string }[] = JSON.parse(docker('inspect', first.json.containerId!))[0].Mounts;
      const anonymous = mounts.find((m) => m.Destination === '/scratch')!.Name;
      assert.match(anonymous, /^[0-9a-f]{64}$/);
      const second = await berth(['up', '--workspace-folder', ws, '--remove-existing-container']);
      assert.equal(second.code, 0, second.stderr);
      const volumes = docker('volume', 'ls', '-q').split('\n');
      assert.ok(!volumes.includes(anonymous), 'the anonymous volume is gone');
      assert.ok(volumes.includes(named), 'the named volume is kept');
    } finally {
      cleanupWorkspaces();
      dockerQuietly('volume', 'rm', named);
    }
  });
});
