// The files a dev container is built from: the config, its Dockerfile, its compose files
// and its local features. A change to any of them means the container is out of step.
import { dirname, isAbsolute, resolve } from 'node:path';

interface ConfigShape {
  build?: { dockerfile?: string };
  dockerFile?: string;
  dockerComposeFile?: string | string[];
  features?: Record<string, unknown>;
}

export function configInputs(configFile: string, configuration: unknown): string[] {
  const c = (configuration ?? {}) as ConfigShape;
  const dir = dirname(configFile);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const dockerfile = c.build?.dockerfile ?? c.dockerFile;
  const compose = c.dockerComposeFile === undefined ? [] : ([] as string[]).concat(c.dockerComposeFile);
  // Local features are folders next to the config ("./my-feature"); their files are what counts.
  const features = Object.keys(c.features ?? {}).filter((id) => id.startsWith('./') || id.startsWith('../')).map((id) => `${at(id)}/**`);
  return [configFile, ...(dockerfile ? [at(dockerfile)] : []), ...compose.map(at), ...features];
}
