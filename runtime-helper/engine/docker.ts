// One place that decides which engine Berth talks to: DOCKER_HOST, the current
// docker context, or the local socket (Docker, then rootless, then Podman).
import Docker from 'dockerode';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface EngineEndpoint {
  docker: Docker;
  /** Human-readable: the socket path, the DOCKER_HOST value or `context NAME`. */
  description: string;
  /** False for tcp/ssh engines: container addresses are not reachable from here. */
  isLocal: boolean;
}

let cached: EngineEndpoint | undefined;

export function engine(): EngineEndpoint {
  return (cached ??= resolveEngine(process.env));
}

export function resolveEngine(env: NodeJS.ProcessEnv): EngineEndpoint {
  const host = env.DOCKER_HOST || contextHost(env);
  if (host) return fromHost(host, env);
  const socket = localSockets(env).find((s) => existsSync(s)) ?? '/var/run/docker.sock';
  return { docker: new Docker({ socketPath: socket }), description: socket, isLocal: true };
}

function fromHost(host: string, env: NodeJS.ProcessEnv): EngineEndpoint {
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    return { docker: new Docker({ socketPath }), description: host, isLocal: true };
  }
  const url = new URL(host.replace(/^tcp:/, env.DOCKER_TLS_VERIFY ? 'https:' : 'http:'));
  const docker = new Docker({
    protocol: url.protocol.replace(':', '') as 'http' | 'https' | 'ssh',
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? 2376 : 2375),
    ...(env.DOCKER_CERT_PATH ? tlsFiles(env.DOCKER_CERT_PATH) : {}),
  });
  return { docker, description: host, isLocal: url.hostname === '127.0.0.1' || url.hostname === 'localhost' };
}

function tlsFiles(dir: string) {
  return { ca: readFileSync(join(dir, 'ca.pem')), cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
}

function localSockets(env: NodeJS.ProcessEnv): string[] {
  const runtime = env.XDG_RUNTIME_DIR;
  return [
    '/var/run/docker.sock',
    ...(runtime ? [join(runtime, 'docker.sock'), join(runtime, 'podman/podman.sock')] : []),
    '/run/podman/podman.sock',
  ];
}

/** The endpoint of the current docker context, read from the docker CLI's own files. */
function contextHost(env: NodeJS.ProcessEnv): string | undefined {
  const configDir = env.DOCKER_CONFIG || join(homedir(), '.docker');
  let name = env.DOCKER_CONTEXT;
  if (!name) {
    try {
      name = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).currentContext;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  const metaRoot = join(configDir, 'contexts', 'meta');
  try {
    for (const dir of readdirSync(metaRoot)) {
      const meta = JSON.parse(readFileSync(join(metaRoot, dir, 'meta.json'), 'utf8'));
      if (meta.Name === name) return meta.Endpoints?.docker?.Host;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
