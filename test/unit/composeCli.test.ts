// The compose CLI's two generations, handled in one place: which one runs, and what differs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { builtServiceImage, configArgs, findComposeCli, sanitizeProjectName, type ComposeCli } from '../../runtime-helper/compose/composeCli';
import { composeInstallHint } from '../../runtime-helper/compose/installHint';
import { workspace } from './configFixture';

const v1: ComposeCli = { argv: ['docker-compose'], version: '1.29.2' };
const v2early: ComposeCli = { argv: ['docker', 'compose'], version: '2.7.0' };
const v2: ComposeCli = { argv: ['docker', 'compose'], version: '2.27.1' };

describe('compose v1 and v2', () => {
  test("a built service's image: project_service before 2.8, project-service since", () => {
    assert.equal(builtServiceImage(v1, 'shop', 'app'), 'shop_app');
    assert.equal(builtServiceImage(v2early, 'shop', 'app'), 'shop_app');
    assert.equal(builtServiceImage(v2, 'shop', 'app'), 'shop-app');
  });

  test('config: v2 enables every profile so no service hides; v1 has no --profile', () => {
    assert.deepEqual(configArgs(v1), ['config']);
    assert.deepEqual(configArgs(v2), ['--profile', '*', 'config']);
  });

  test('project names: lower-cased, and only letters, digits, - and _ (only letters and digits before 1.21)', () => {
    assert.equal(sanitizeProjectName(v1, 'My.Shop_dev-1'), 'myshop_dev-1');
    assert.equal(sanitizeProjectName({ argv: ['docker-compose'], version: '1.20.0' }, 'My.Shop_dev-1'), 'myshopdev1');
  });

  test('`docker compose` first, then `docker-compose`, each asked for its version', () => {
    const found = findComposeCli(process.env);
    assert.ok(found.ok, 'this machine has a compose');
    const v2Here = spawnSync('docker', ['compose', 'version', '--short']).status === 0;
    assert.deepEqual(found.value.argv, v2Here ? ['docker', 'compose'] : ['docker-compose']);
    assert.match(found.value.version, /^\d+\.\d+\.\d+/);
  });

  test('an explicit compose path is used as it is, with a v2 version', () => {
    const dir = workspace({ 'compose-v2': '#!/bin/sh\n[ "$1 $2" = "version --short" ] && echo v2.27.1\n' });
    chmodSync(join(dir, 'compose-v2'), 0o755);
    const found = findComposeCli(process.env, join(dir, 'compose-v2'));
    assert.deepEqual(found.ok && found.value, { argv: [join(dir, 'compose-v2')], version: '2.27.1' });
    const broken = findComposeCli(process.env, join(dir, 'nope'));
    assert.match(!broken.ok ? broken.error.message : '', /--docker-compose-path .*\/nope does not run/);
  });

  test('no compose at all: how to install one', () => {
    const none = findComposeCli({ PATH: '/nonexistent' });
    assert.ok(!none.ok);
    assert.match(none.error.message, /neither `docker compose` nor `docker-compose` is installed/);
    assert.match(none.error.fix!, /apt-get install docker-compose/);
  });

  test("the install hint follows the user's system: os-release ID, then ID_LIKE; Docker Desktop on macOS; else the generic page", () => {
    const linux = (osRelease: string) => composeInstallHint('linux', osRelease);
    assert.match(linux('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'), /^on Debian or Ubuntu `sudo apt-get install docker-compose`/);
    assert.match(linux('ID=linuxmint\nID_LIKE="ubuntu debian"\n'), /apt-get install docker-compose/);
    assert.match(linux('ID="rocky"\nID_LIKE="rhel centos fedora"\n'), /^on Fedora or RHEL `sudo dnf install docker-compose`/);
    assert.match(linux('ID=fedora\n'), /dnf install docker-compose/);
    assert.equal(linux('ID=manjaro\nID_LIKE=arch\n'), 'on Arch Linux `sudo pacman -S docker-compose`');
    assert.equal(linux("ID='alpine'\n"), 'on Alpine `sudo apk add docker-cli-compose`');
    // ID_LIKE= is not read as ID.
    assert.match(linux('ID_LIKE=debian\nID=fedora\n'), /dnf/);
    assert.match(composeInstallHint('darwin', undefined), /^on macOS install Docker Desktop/);
    for (const generic of [linux('ID=nixos\n'), composeInstallHint('linux', undefined), composeInstallHint('win32', undefined)]) assert.equal(generic, 'see https://docs.docker.com/compose/install/');
  });
});
