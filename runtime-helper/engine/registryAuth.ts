// Credentials for a registry, read the way the docker CLI stores them:
// ~/.docker/config.json `auths`, or a credential helper run with an argv array.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

export function registryAuth(registry: string, env: NodeJS.ProcessEnv = process.env): RegistryAuth | undefined {
  let config: { auths?: Record<string, { auth?: string; identitytoken?: string }>; credHelpers?: Record<string, string>; credsStore?: string };
  try {
    config = JSON.parse(readFileSync(join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const keys = registry === 'docker.io' ? ['https://index.docker.io/v1/', 'docker.io', 'index.docker.io'] : [registry, `https://${registry}`, `http://${registry}`];
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  if (helper) {
    const fromHelper = credentialHelper(helper, keys[0], env);
    if (fromHelper) return fromHelper;
  }
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: key };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: key };
    }
  }
  return undefined;
}

/** Run with the caller's environment: the shared helper finds the caller's program on the caller's PATH. */
function credentialHelper(helper: string, server: string, env: NodeJS.ProcessEnv): RegistryAuth | undefined {
  try {
    const out = execFileSync(`docker-credential-${helper}`, ['get'], { input: server, env, encoding: 'utf8', timeout: 10_000, stdio: ['pipe', 'pipe', 'ignore'] });
    const { Username, Secret } = JSON.parse(out) as { Username: string; Secret: string };
    return Username === '<token>' ? { identitytoken: Secret, serveraddress: server } : { username: Username, password: Secret, serveraddress: server };
  } catch {
    return undefined;
  }
}
