// Registry credentials for features, in the devcontainer CLI's order: DEVCONTAINERS_OCI_AUTH,
// then the docker CLI's config (auths, credHelpers, credsStore), then GITHUB_TOKEN for ghcr.io.
import { registryAuth } from '../engine/registryAuth';

export interface Credential {
  username: string;
  password: string;
}

export function featureCredential(registry: string, env: NodeJS.ProcessEnv): Credential | undefined {
  // DEVCONTAINERS_OCI_AUTH=registry|user|secret,registry2|user|secret
  for (const entry of (env.DEVCONTAINERS_OCI_AUTH ?? '').split(',')) {
    const [host, username, ...secret] = entry.split('|');
    if (host === registry && username !== undefined && secret.length) return { username, password: secret.join('|') };
  }
  const docker = registryAuth(registry, env);
  if (docker?.username !== undefined && docker.password !== undefined) return { username: docker.username, password: docker.password };
  if (docker?.identitytoken) return { username: '<token>', password: docker.identitytoken };
  if (registry === 'ghcr.io' && env.GITHUB_TOKEN) return { username: 'USERNAME', password: env.GITHUB_TOKEN };
  return undefined;
}
