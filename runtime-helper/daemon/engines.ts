// One engine client per distinct endpoint and caller credentials: each caller's DOCKER_HOST
// or docker context decides which engine its requests go to, and its own SSH agent, SSH
// config and certificates reach it, never another caller's.
import { resolveEngine } from '../engine/docker';
import type { Engine } from '../engine/engine';

const ENGINE_VARS = ['DOCKER_HOST', 'CONTAINER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'XDG_RUNTIME_DIR', 'HOME', 'USER', 'SSH_AUTH_SOCK'];

export class Engines {
  private readonly byKey = new Map<string, Engine>();

  for(env: NodeJS.ProcessEnv): Engine {
    const key = ENGINE_VARS.map((v) => env[v] ?? '').join('\0');
    let found = this.byKey.get(key);
    if (!found) {
      found = resolveEngine(env);
      this.byKey.set(key, found);
    }
    return found;
  }
}
