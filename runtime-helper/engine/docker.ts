// One place that decides which engine Berth talks to: DOCKER_HOST, the current
// docker context, Podman's CONTAINER_HOST, or the local socket (Docker, then rootless
// Docker and Podman, then rootful Podman).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import type { BerthError } from '../util/result';
import { configDir, currentContext, type ContextEndpoint } from './dockerContext';
import { dockerodeEngine } from './dockerode/dockerodeEngine';
import type { Engine } from './engine';
import type { EngineTransport } from './engineDescription';
import { parseSshHost, sshAgent } from './sshTransport';

let cached: Engine | undefined;

export function engine(): Engine {
  return (cached ??= resolveEngine(process.env));
}

/** The engine the caller's environment names. `env` is the caller's own: its SSH agent and config, its certificates. */
export function resolveEngine(env: NodeJS.ProcessEnv): Engine {
  if (env.DOCKER_HOST) return fromHost({ host: env.DOCKER_HOST, ...tlsFromEnv(env) }, env.DOCKER_HOST, env);
  const context = currentContext(env);
  if (context.ok && context.value) return fromHost(context.value, `context ${context.value.name} (${context.value.host})`, env);
  if (!context.ok) return broken(context.error, 'docker context', { kind: 'unix', socketPath: '' });
  if (env.CONTAINER_HOST) return fromHost({ host: env.CONTAINER_HOST, tls: 'none' }, `CONTAINER_HOST ${env.CONTAINER_HOST}`, env);
  const socket = localSockets(env).find((s) => existsSync(s)) ?? '/var/run/docker.sock';
  return dockerodeEngine({ socketPath: socket }, socket, { kind: 'unix', socketPath: socket });
}

function tlsFromEnv(env: NodeJS.ProcessEnv): Pick<ContextEndpoint, 'tls' | 'certDir'> {
  // As the docker CLI: any non-empty DOCKER_TLS_VERIFY turns verification on; certificates default to the config dir.
  const certDir = env.DOCKER_CERT_PATH || (env.DOCKER_TLS_VERIFY ? configDir(env) : undefined);
  return { tls: env.DOCKER_TLS_VERIFY ? 'verify' : env.DOCKER_CERT_PATH ? 'client-cert' : 'none', certDir };
}

function fromHost(target: Pick<ContextEndpoint, 'host' | 'tls' | 'certDir'>, description: string, env: NodeJS.ProcessEnv): Engine {
  const { host } = target;
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    return dockerodeEngine({ socketPath }, description, { kind: 'unix', socketPath });
  }
  if (host.startsWith('ssh://')) {
    const ssh = parseSshHost(host);
    if (!ssh.ok) return broken(ssh.error, description, { kind: 'ssh', host });
    // The engine's HTTP goes through `ssh … docker system dial-stdio`, run with the caller's agent and config.
    const agent = sshAgent(ssh.value, env, controlKey(env, host));
    return dockerodeEngine({ agent }, description, { kind: 'ssh', host: ssh.value.host });
  }
  let url: URL;
  try {
    url = new URL(host.replace(/^tcp:/, 'http:'));
  } catch {
    return broken({ message: `DOCKER_HOST "${host}" is not an engine address`, fix: 'Use unix:///path/to/docker.sock, tcp://HOST:PORT or ssh://USER@HOST[:PORT].' }, description, { kind: 'tcp', host });
  }
  const secure = target.tls !== 'none';
  const files = target.certDir && secure ? tlsFiles(target.certDir, target.tls === 'verify') : undefined;
  if (files && 'message' in files) return broken(files, description, { kind: 'tcp', host: url.hostname });
  const connection = { protocol: secure ? ('https' as const) : ('http' as const), host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (secure ? 2376 : 2375), ...files };
  return dockerodeEngine(connection, description, { kind: 'tcp', host: url.hostname });
}

/** ca.pem, cert.pem and key.pem of DOCKER_CERT_PATH, or what is missing. */
function tlsFiles(dir: string, verify: boolean): { ca?: Buffer; cert: Buffer; key: Buffer } | BerthError {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch {
      return undefined;
    }
  };
  const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map(read);
  const missing = [verify && !ca ? 'ca.pem' : '', !cert ? 'cert.pem' : '', !key ? 'key.pem' : ''].filter(Boolean);
  if (missing.length > 0 || !cert || !key) {
    return { message: `the TLS certificates for the engine are missing: ${missing.join(', ')} in ${dir}`, fix: 'Point DOCKER_CERT_PATH at the folder holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY.' };
  }
  return verify ? { ca, cert, key } : { cert, key };
}

/** An endpoint that cannot be used: every request fails with why, naming the endpoint. */
function broken(error: BerthError, description: string, transport: EngineTransport): Engine {
  const agent = new Agent();
  agent.createConnection = (_options, created) => {
    process.nextTick(() => created?.(Object.assign(new Error(error.message), { berthError: error }), undefined as never));
    return undefined as never;
  };
  return dockerodeEngine({ agent }, description, transport);
}

/** SSH connections are shared only between requests with the same credentials and target. */
function controlKey(env: NodeJS.ProcessEnv, host: string): string {
  return createHash('sha256')
    .update([host, env.SSH_AUTH_SOCK ?? '', env.HOME ?? '', env.USER ?? ''].join('\0'))
    .digest('hex')
    .slice(0, 16);
}

/** Where each engine puts its socket; rootless ones in the user's runtime dir (systemd's /run/user/UID when unset). */
export function localSockets(env: NodeJS.ProcessEnv, uid = process.getuid?.()): string[] {
  const runtime = env.XDG_RUNTIME_DIR || (uid !== undefined && uid !== 0 ? `/run/user/${uid}` : undefined);
  return [
    '/var/run/docker.sock',
    ...(runtime ? [join(runtime, 'docker.sock'), join(runtime, 'podman/podman.sock')] : []),
    '/run/podman/podman.sock',
  ];
}
