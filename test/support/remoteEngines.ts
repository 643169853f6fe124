// The local engine made "remote" for tests, with real services and credentials made here:
// an sshd on 127.0.0.1 (reached through the caller's ssh-agent and SSH config), and a TLS
// endpoint requiring client certificates, terminated in this process and piped to the socket.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server } from 'node:tls';

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const up = await new Promise<boolean>((r) => connect(port, '127.0.0.1').once('connect', function (this: import('node:net').Socket) { this.destroy(); r(true); }).once('error', () => r(false)));
    if (up) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface SshEngine {
  port: number;
  /** The caller's environment: its own HOME (with .ssh/config and known_hosts) and ssh-agent. */
  env: NodeJS.ProcessEnv;
  stop(): void;
}

/** An sshd for root on 127.0.0.1, whose key is only in an ssh-agent of the caller. */
export async function startSshEngine(): Promise<SshEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-ssh-'));
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'user_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')), { mode: 0o600 });
  const port = await freePort();
  writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_key.pub'), 'utf8')}`);
  writeFileSync(join(home, '.ssh', 'config'), [`Host 127.0.0.1`, `  UserKnownHostsFile ${join(home, '.ssh', 'known_hosts')}`, `  StrictHostKeyChecking yes`, `  IdentityFile none`, ''].join('\n'));
  // sshd's privilege separation needs this folder; Debian's service would make it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const options = {
    Port: String(port),
    ListenAddress: '127.0.0.1',
    HostKey: join(dir, 'host_key'),
    AuthorizedKeysFile: join(dir, 'authorized_keys'),
    PidFile: 'none',
    StrictModes: 'no',
    UsePAM: 'no',
    PermitRootLogin: 'prohibit-password',
    PasswordAuthentication: 'no',
    KbdInteractiveAuthentication: 'no',
    MaxSessions: '50',
  };
  const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', '/dev/null', ...Object.entries(options).flatMap(([k, v]) => ['-o', `${k}=${v}`])], { stdio: 'ignore' });
  const agentSocket = join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  await waitForPort(port);
  for (let i = 0; i < 100 && spawnSync('ssh-add', ['-l'], { env: { SSH_AUTH_SOCK: agentSocket } }).status === 2; i++) await new Promise((r) => setTimeout(r, 20));
  run('ssh-add', ['-q', join(dir, 'user_key')], { SSH_AUTH_SOCK: agentSocket });
  return {
    port,
    env: { HOME: home, SSH_AUTH_SOCK: agentSocket },
    stop: () => {
      for (const p of [sshd, agent] as ChildProcess[]) p.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TlsEngine {
  port: number;
  /** ca.pem, cert.pem, key.pem for the client, as DOCKER_CERT_PATH wants them. */
  certDir: string;
  /** A CA that did not sign the engine's certificate. */
  strangerCertDir: string;
  stop(): Promise<void>;
}

function makeCa(dir: string, name: string): void {
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', join(dir, 'ca-key.pem'), '-out', join(dir, 'ca.pem')]);
}

function issue(dir: string, caDir: string, name: string, ext: string): void {
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}.csr`)]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  run('openssl', ['x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', join(caDir, 'ca.pem'), '-CAkey', join(caDir, 'ca-key.pem'), '-CAcreateserial', '-days', '1', '-extfile', join(dir, `${name}.ext`), '-out', join(dir, `${name}.pem`)]);
}

/** A TLS endpoint on 127.0.0.1 that requires a client certificate of its CA and pipes to the local engine's socket. */
export async function startTlsEngine(socketPath = '/var/run/docker.sock'): Promise<TlsEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-tls-'));
  makeCa(dir, 'berth-test-ca');
  issue(dir, dir, 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue(dir, dir, 'client', 'extendedKeyUsage=clientAuth\n');
  const certDir = join(dir, 'client-certs');
  mkdirSync(certDir);
  writeFileSync(join(certDir, 'ca.pem'), readFileSync(join(dir, 'ca.pem')));
  writeFileSync(join(certDir, 'cert.pem'), readFileSync(join(dir, 'client.pem')));
  writeFileSync(join(certDir, 'key.pem'), readFileSync(join(dir, 'client-key.pem')));
  const strangerCertDir = join(dir, 'stranger');
  mkdirSync(strangerCertDir);
  makeCa(strangerCertDir, 'stranger-ca');
  writeFileSync(join(strangerCertDir, 'cert.pem'), readFileSync(join(dir, 'client.pem')));
  writeFileSync(join(strangerCertDir, 'key.pem'), readFileSync(join(dir, 'client-key.pem')));
  const open = new Set<import('node:tls').TLSSocket>();
  const server: Server = createTlsServer(
    { key: readFileSync(join(dir, 'server-key.pem')), cert: readFileSync(join(dir, 'server.pem')), ca: readFileSync(join(dir, 'ca.pem')), requestCert: true, rejectUnauthorized: true },
    (tls) => {
      open.add(tls);
      tls.on('close', () => open.delete(tls));
      const engine = connect(socketPath);
      tls.pipe(engine).pipe(tls);
      tls.on('error', () => engine.destroy());
      tls.on('close', () => engine.destroy());
      engine.on('error', () => tls.destroy());
      engine.on('close', () => tls.destroy());
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    certDir,
    strangerCertDir,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        // The helper keeps idle connections open; they end with the endpoint.
        for (const s of open) s.destroy();
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}

/** A docker config folder with one context per entry (as `docker context create` writes them), `current` selected. */
export function dockerConfigWithContexts(contexts: { name: string; host: string; certDir?: string }[], current?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
  for (const c of contexts) {
    const id = createHash('sha256').update(c.name).digest('hex');
    mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(join(dir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: c.name, Metadata: {}, Endpoints: { docker: { Host: c.host, SkipTLSVerify: false } } }));
    if (c.certDir) {
      const tls = join(dir, 'contexts', 'tls', id, 'docker');
      mkdirSync(tls, { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(tls, f), readFileSync(join(c.certDir, f)));
    }
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(current ? { currentContext: current } : {}));
  return dir;
}
