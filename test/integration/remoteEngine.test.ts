// `berth up` against engines reached over SSH and over TLS, by DOCKER_HOST and by docker context,
// with real services (an sshd, a TLS endpoint needing client certificates) in front of the local engine.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { berth, containersOf } from '../support/cli';
import { forwardOf, httpGet } from '../support/ports';
import { dockerConfigWithContexts, startSshEngine, startTlsEngine, type SshEngine, type TlsEngine } from '../support/remoteEngines';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

const web = () =>
  devcontainer({ image: BASE_IMAGE, forwardPorts: [8080], postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}' }, { 'index.html': 'hello from afar\n' });

let ssh: SshEngine;
let tls: TlsEngine;

before(async () => {
  [ssh, tls] = await Promise.all([startSshEngine(), startTlsEngine()]);
});

after(async () => {
  cleanupWorkspaces();
  ssh?.stop();
  await tls?.stop();
});

async function upAndFetch(env: NodeJS.ProcessEnv) {
  const ws = web();
  const r = await berth(['up', '--workspace-folder', ws], { env });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.json.outcome, 'success');
  const f = await forwardOf(ws, 8080, env);
  const res = await httpGet(f.localAddress!, '/index.html');
  assert.equal(res.body.toString(), 'hello from afar\n');
  return { ws, forward: f };
}

describe('remote engines', () => {
  test('ssh:// through the caller\'s ssh-agent and SSH config: up, a forward through the relay, exec, down', async () => {
    const env = { ...ssh.env, DOCKER_HOST: `ssh://root@127.0.0.1:${ssh.port}` };
    const { ws, forward } = await upAndFetch(env);
    // A remote engine's container addresses are not this machine's to reach.
    assert.equal(forward.path, 'relay');
    const exec = await berth(['exec', '--workspace-folder', ws, 'cat', 'index.html'], { env });
    assert.equal(exec.stdout, 'hello from afar\n', exec.stderr);
    const down = await berth(['down', '--workspace-folder', ws, '--remove'], { env });
    assert.equal(down.code, 0, down.stderr);
  });

  test('ssh:// without the caller\'s agent fails naming the engine and what to check', async () => {
    const ws = web();
    const r = await berth(['up', '--workspace-folder', ws], { env: { HOME: ssh.env.HOME, SSH_AUTH_SOCK: '', DOCKER_HOST: `ssh://root@127.0.0.1:${ssh.port}` } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`cannot reach the container engine at ssh://root@127.0.0.1:${ssh.port} over SSH: ssh: .*Permission denied`));
    assert.match(r.stderr, /ssh-agent/);
  });

  test('tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: up and a forward', async () => {
    await upAndFetch({ DOCKER_HOST: `tcp://127.0.0.1:${tls.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.certDir });
  });

  test('tcp:// whose certificate another CA signed fails naming the engine', async () => {
    const ws = web();
    const endpoint = `tcp://127.0.0.1:${tls.port}`;
    const r = await berth(['up', '--workspace-folder', ws], { env: { DOCKER_HOST: endpoint, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.strangerCertDir } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`the TLS connection to the container engine at ${endpoint} failed`));
    assert.match(r.stderr, /DOCKER_CERT_PATH/);
  });

  test('docker contexts: currentContext picks the TLS one, DOCKER_CONTEXT the SSH one', async () => {
    const config = dockerConfigWithContexts(
      [
        { name: 'berth-tls', host: `tcp://127.0.0.1:${tls.port}`, certDir: tls.certDir },
        { name: 'berth-ssh', host: `ssh://root@127.0.0.1:${ssh.port}` },
      ],
      'berth-tls',
    );
    await upAndFetch({ DOCKER_CONFIG: config });
    const { ws } = await upAndFetch({ ...ssh.env, DOCKER_CONFIG: config, DOCKER_CONTEXT: 'berth-ssh' });
    const r = await berth(['down', '--workspace-folder', ws, '--remove'], { env: { ...ssh.env, DOCKER_CONFIG: config, DOCKER_CONTEXT: 'berth-ssh' } });
    assert.equal(r.code, 0, r.stderr);
    const missing = await berth(['up', '--workspace-folder', ws], { env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'nowhere' } });
    assert.match(missing.stderr, /the docker context "nowhere" \(from DOCKER_CONTEXT\) does not exist/);
  });

  test('a workspace folder the remote engine\'s host lacks is an error saying so, and nothing is created', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, workspaceMount: 'source=/berth-not-on-that-host,target=/workspaces/x,type=bind', workspaceFolder: '/workspaces/x' });
    const env = { ...ssh.env, DOCKER_HOST: `ssh://root@127.0.0.1:${ssh.port}` };
    const r = await berth(['up', '--workspace-folder', ws], { env });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /the folder \/berth-not-on-that-host does not exist on the engine's host \(ssh:\/\/root@127\.0\.0\.1:\d+\)/);
    assert.match(r.stderr, /devcontainer\.json:\d+:\d+: 'workspaceMount'/);
    assert.match(r.stderr, /fix: Put the workspace at the same path on the engine's host/);
    assert.deepEqual(containersOf(ws), []);
  });
});
