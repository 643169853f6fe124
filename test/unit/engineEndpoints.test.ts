// Which engine a caller's environment names, and with whose credentials: docker contexts,
// ssh:// addresses (the old parser lost the user and used port 2375) and the ssh command line.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { currentContext, listContexts } from '../../runtime-helper/engine/dockerContext';
import { parseSshHost, sshCommand } from '../../runtime-helper/engine/sshTransport';
import { dockerConfigWithContexts } from '../support/remoteEngines';

describe('docker contexts', () => {
  const config = dockerConfigWithContexts([{ name: 'far', host: 'ssh://ann@far.example:2222' }, { name: 'box', host: 'tcp://10.0.0.7:2376' }], 'box');

  test('DOCKER_CONTEXT wins over currentContext; default is the local engine', () => {
    assert.deepEqual(currentContext({ DOCKER_CONFIG: config }), { ok: true, value: { name: 'box', host: 'tcp://10.0.0.7:2376', tls: 'none', certDir: undefined } });
    const far = currentContext({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'far' });
    assert.equal(far.ok ? far.value?.host : far.error.message, 'ssh://ann@far.example:2222');
    assert.deepEqual(currentContext({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' }), { ok: true, value: undefined });
  });

  test('an unknown context is an error naming it, where it came from, and the fix', () => {
    const r = currentContext({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone' });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error.message : '', /the docker context "gone" \(from DOCKER_CONTEXT\) does not exist/);
    assert.match(!r.ok ? r.error.fix ?? '' : '', /docker context ls/);
  });

  test('the picker lists default first, then every context, marking the current one', () => {
    assert.deepEqual(listContexts({ DOCKER_CONFIG: config }), [
      { name: 'default', host: 'unix:///var/run/docker.sock', current: false },
      { name: 'box', host: 'tcp://10.0.0.7:2376', current: true },
      { name: 'far', host: 'ssh://ann@far.example:2222', current: false },
    ]);
  });
});

describe('ssh:// engines', () => {
  test('the user and port are kept; no port means ssh\'s own default', () => {
    assert.deepEqual(parseSshHost('ssh://ann@build-box:2222'), { ok: true, value: { user: 'ann', host: 'build-box', port: 2222 } });
    assert.deepEqual(parseSshHost('ssh://build-box'), { ok: true, value: { user: undefined, host: 'build-box', port: undefined } });
  });

  test('a password, a path or an option-like host are refused with the form to use', () => {
    for (const bad of ['ssh://ann:secret@box', 'ssh://ann@box/var/run', 'ssh://-oProxyCommand=x']) {
      const r = parseSshHost(bad);
      assert.equal(r.ok, false, bad);
      assert.match(!r.ok ? r.error.fix ?? '' : '', /ssh:\/\/USER@HOST\[:PORT\]|ssh-agent/);
    }
  });

  test("ssh runs with the caller's agent and SSH config only, never the helper's", () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-home-'));
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'config'), 'Host *\n');
    const { args, env } = sshCommand({ user: 'ann', host: 'box', port: 2222 }, { HOME: home, SSH_AUTH_SOCK: '/run/ann/agent', PATH: '/usr/bin' }, '/run/berth/ssh/k');
    assert.deepEqual(args.slice(0, 2), ['-F', join(home, '.ssh', 'config')]);
    assert.deepEqual(args.slice(args.indexOf('-l'), args.indexOf('-l') + 4), ['-l', 'ann', '-p', '2222']);
    assert.ok(args.includes('BatchMode=yes'), 'no prompt can hang the helper');
    assert.deepEqual(args.slice(args.indexOf('--')), ['--', 'box', 'docker', 'system', 'dial-stdio']);
    assert.equal(env.SSH_AUTH_SOCK, '/run/ann/agent');
    const without = sshCommand({ host: 'box' }, { HOME: '/nonexistent' }, '/run/berth/ssh/k');
    assert.equal(without.env.SSH_AUTH_SOCK, undefined, "the helper's own agent must not stand in for a caller without one");
    assert.equal(without.args.includes('-F'), false);
  });
});
