// An engine behind SSH, reached as the docker CLI reaches it: `ssh HOST docker system dial-stdio`
// carries one HTTP connection. The system `ssh` runs with the CALLER's agent and SSH config, so
// known_hosts, ProxyJump and keys work as in the caller's shell, and the helper's own never leak
// into another caller's connection. One master connection per caller and host (ControlMaster)
// makes each further HTTP connection a channel instead of a handshake.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { helperDir } from '../rpc/socketPath';
import { fail, ok, type Result } from '../util/result';

export interface SshTarget {
  user?: string;
  host: string;
  port?: number;
}

export function parseSshHost(address: string): Result<SshTarget> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return fail({ message: `"${address}" is not an SSH engine address`, fix: 'Write it as ssh://USER@HOST[:PORT].' });
  }
  if (url.pathname && url.pathname !== '/') return fail({ message: `"${address}" has a path; an SSH engine address has none`, fix: 'Write it as ssh://USER@HOST[:PORT].' });
  if (url.password) return fail({ message: `"${address}" holds a password`, fix: 'Use an SSH key through your ssh-agent, and write the address as ssh://USER@HOST[:PORT].' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A host that starts with "-" would be read by ssh as an option.
  if (!host || host.startsWith('-')) return fail({ message: `"${address}" names no host`, fix: 'Write it as ssh://USER@HOST[:PORT].' });
  return ok({ user: url.username ? decodeURIComponent(url.username) : undefined, host, port: url.port ? Number(url.port) : undefined });
}

/** The ssh command line and environment for one connection, from the caller's environment only. */
export function sshCommand(target: SshTarget, callerEnv: NodeJS.ProcessEnv, controlPath: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const config = callerEnv.HOME ? join(callerEnv.HOME, '.ssh', 'config') : undefined;
  const args = [
    ...(config && existsSync(config) ? ['-F', config] : []),
    ...['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30'],
    ...['-o', 'ControlMaster=auto', '-o', `ControlPath=${controlPath}`, '-o', 'ControlPersist=60'],
    ...(target.user ? ['-l', target.user] : []),
    ...(target.port ? ['-p', String(target.port)] : []),
    '-T',
    '--',
    target.host,
    'docker',
    'system',
    'dial-stdio',
  ];
  const env: NodeJS.ProcessEnv = { PATH: callerEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: callerEnv.HOME, USER: callerEnv.USER, LANG: 'C' };
  if (callerEnv.SSH_AUTH_SOCK) env.SSH_AUTH_SOCK = callerEnv.SSH_AUTH_SOCK;
  return { args, env };
}

/** An HTTP agent whose connections are `ssh … docker system dial-stdio` processes. */
export function sshAgent(target: SshTarget, callerEnv: NodeJS.ProcessEnv, credentialsKey: string): Agent {
  const dir = join(helperDir(), 'ssh');
  const { args, env } = sshCommand(target, callerEnv, join(dir, credentialsKey));
  const agent = new Agent({ keepAlive: true, timeout: 30_000 });
  agent.createConnection = () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return new SshStream(spawn('ssh', args, { env, stdio: ['pipe', 'pipe', 'pipe'] })) as never;
  };
  return agent;
}

/** The ssh process's stdio as the socket Node's HTTP client expects. */
class SshStream extends Duplex {
  private stderr = '';
  private idle: NodeJS.Timeout | undefined;
  private idleMs = 0;

  constructor(private readonly child: ChildProcess) {
    super({ allowHalfOpen: false });
    child.stdout!.on('data', (b: Buffer) => {
      this.touch();
      if (!this.push(b)) child.stdout!.pause();
    });
    // A connection that ends before the engine said anything is a failed ssh: its end waits for
    // ssh's exit status and reason. After data, the end is passed on at once (allowHalfOpen is
    // off, so ours ends too and lets the remote dial-stdio, and then ssh, exit).
    let spoke = false;
    let ended = false;
    let exited: number | null | undefined;
    const finish = () => {
      if (!ended || this.destroyed) return;
      if (spoke || exited === 0) this.push(null);
      else if (exited !== undefined) this.destroy(Object.assign(new Error(this.reason(exited)), { code: 'ESSH' }));
    };
    child.stdout!.on('data', () => (spoke = true));
    child.stdout!.on('end', () => ((ended = true), finish()));
    child.stderr!.on('data', (b: Buffer) => (this.stderr = (this.stderr + b.toString()).slice(-2000)));
    child.stdin!.on('error', () => undefined);
    child.on('error', (err) => this.destroy(Object.assign(new Error(`cannot run ssh: ${err.message}`), { code: 'ESSH' })));
    child.on('exit', (code) => {
      exited = code;
      if (code !== 0 && !spoke && !this.destroyed) this.destroy(Object.assign(new Error(this.reason(code)), { code: 'ESSH' }));
      else finish();
    });
  }

  private reason(code: number | null): string {
    const said = this.stderr
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
    return said ? `ssh: ${said}` : `ssh exited with code ${code}`;
  }

  override _read(): void {
    this.child.stdout!.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.touch();
    this.child.stdin!.write(chunk, done);
  }

  override _final(done: () => void): void {
    this.child.stdin!.end(done);
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    clearTimeout(this.idle);
    this.child.kill();
    done(err);
  }

  private touch(): void {
    if (!this.idleMs) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.emit('timeout'), this.idleMs).unref();
  }

  // What Node's HTTP client and agent call on a socket.
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.idleMs = ms;
    if (onTimeout) this.once('timeout', onTimeout);
    if (ms) this.touch();
    else clearTimeout(this.idle);
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  // An idle pooled connection must not keep the process alive: neither ssh nor its pipes.
  ref(): this {
    this.child.ref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { ref?(): void })?.ref?.();
    return this;
  }
  unref(): this {
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { unref?(): void })?.unref?.();
    return this;
  }
}
