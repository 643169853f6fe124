// Where a folder's dev container configurations are, per the spec's search order.
// The extension asks this itself (no helper round trip) to decide whether to offer a reopen.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A glob for watchers and editors that covers those locations anywhere in the workspace; isConfigFile narrows it. */
export const CONFIG_FILE_GLOB = '**/*devcontainer.json';

/** Whether a path is at one of the spec's config locations. */
export function isConfigFile(path: string): boolean {
  const name = basename(path);
  if (name === '.devcontainer.json') return true;
  const dir = dirname(path);
  return name === 'devcontainer.json' && (basename(dir) === '.devcontainer' || basename(dirname(dir)) === '.devcontainer');
}

export function findConfigFiles(folder: string): string[] {
  const dir = join(folder, '.devcontainer');
  const nested = subfolders(dir).map((name) => join(dir, name, 'devcontainer.json'));
  return [join(dir, 'devcontainer.json'), join(folder, '.devcontainer.json'), ...nested].filter(isFile);
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
