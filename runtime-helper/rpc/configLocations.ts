// Where a folder's dev container configurations are, in the spec's search order. Defined once
// for both sides: the helper discovers configs with it, and the extension asks it itself (no
// helper round trip) to decide whether to offer a reopen. Kept to node:fs so both can bundle it.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** A glob for watchers and editors that covers those locations anywhere in the workspace; isConfigFile narrows it. */
export const CONFIG_FILE_GLOB = '**/*devcontainer.json';

/** The search order, as messages name it. */
export const CONFIG_LOCATIONS = '.devcontainer/devcontainer.json, .devcontainer.json and .devcontainer/<name>/devcontainer.json';

/** Whether a path is at one of the spec's config locations. */
export function isConfigFile(path: string): boolean {
  const name = basename(path);
  if (name === '.devcontainer.json') return true;
  const dir = dirname(path);
  return name === 'devcontainer.json' && (basename(dir) === '.devcontainer' || basename(dirname(dir)) === '.devcontainer');
}

/** Every config of a folder, absolute: .devcontainer/devcontainer.json, .devcontainer.json, then .devcontainer/<name>/devcontainer.json by name. */
export function findConfigFiles(folder: string): string[] {
  const root = resolve(folder);
  const dir = join(root, '.devcontainer');
  const nested = subfolders(dir).map((name) => join(dir, name, 'devcontainer.json'));
  return [join(dir, 'devcontainer.json'), join(root, '.devcontainer.json'), ...nested].filter(isFile);
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
