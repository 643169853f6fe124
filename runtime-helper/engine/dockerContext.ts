// Docker contexts, read from the docker CLI's own files: the one DOCKER_CONTEXT or
// config.json's currentContext names, and the list the extension's picker shows.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineContext } from '../rpc/protocol';
import { fail, ok, type BerthError, type Result } from '../util/result';

export interface ContextEndpoint {
  name: string;
  /** The engine address: unix://, tcp:// or ssh://. */
  host: string;
  /** 'verify': check the engine's certificate against ca.pem; 'client-cert': present one without checking. */
  tls: 'verify' | 'client-cert' | 'none';
  certDir?: string;
}


/** The caller's docker config folder: DOCKER_CONFIG, else ~/.docker of the caller's HOME. */
export function configDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || join(env.HOME ?? '', '.docker');
}

/** The context's folder name: the docker CLI stores each under the SHA-256 of its name. */
function contextId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function currentName(env: NodeJS.ProcessEnv): { name?: string; from: string } {
  if (env.DOCKER_CONTEXT) return { name: env.DOCKER_CONTEXT, from: 'DOCKER_CONTEXT' };
  const file = join(configDir(env), 'config.json');
  try {
    return { name: JSON.parse(readFileSync(file, 'utf8')).currentContext, from: `currentContext in ${file}` };
  } catch {
    return { from: file };
  }
}

/** The current context's endpoint; undefined for `default` (the local engine). */
export function currentContext(env: NodeJS.ProcessEnv): Result<ContextEndpoint | undefined> {
  const { name, from } = currentName(env);
  if (!name || name === 'default') return ok(undefined);
  const dir = configDir(env);
  const metaFile = join(dir, 'contexts', 'meta', contextId(name), 'meta.json');
  let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch {
    return fail(noContext(name, from, dir));
  }
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) return fail({ message: `the docker context "${name}" has no docker endpoint (${metaFile})`, fix: `Recreate it: docker context create ${name} --docker host=…` });
  const certDir = join(dir, 'contexts', 'tls', contextId(name), 'docker');
  const hasTls = existsSync(join(certDir, 'cert.pem')) || existsSync(join(certDir, 'ca.pem'));
  const tls = !hasTls ? 'none' : docker.SkipTLSVerify ? 'client-cert' : 'verify';
  return ok({ name, host: docker.Host, tls, certDir: hasTls ? certDir : undefined });
}

function noContext(name: string, from: string, dir: string): BerthError {
  return { message: `the docker context "${name}" (from ${from}) does not exist in ${join(dir, 'contexts')}`, fix: 'Pick one of `docker context ls`, or unset DOCKER_CONTEXT.' };
}

/** Every context of the caller's docker config, `default` first. */
export function listContexts(env: NodeJS.ProcessEnv): EngineContext[] {
  const current = currentName(env).name || 'default';
  const metaRoot = join(configDir(env), 'contexts', 'meta');
  const found: EngineContext[] = [];
  let dirs: string[] = [];
  try {
    dirs = readdirSync(metaRoot);
  } catch {
    /* no contexts made yet */
  }
  for (const d of dirs) {
    try {
      const meta = JSON.parse(readFileSync(join(metaRoot, d, 'meta.json'), 'utf8'));
      if (typeof meta.Name === 'string') found.push({ name: meta.Name, host: meta.Endpoints?.docker?.Host ?? '', current: meta.Name === current });
    } catch {
      /* a half-written context is not listed */
    }
  }
  found.sort((a, b) => a.name.localeCompare(b.name));
  return [{ name: 'default', host: env.DOCKER_HOST || 'unix:///var/run/docker.sock', current: current === 'default' }, ...found];
}
