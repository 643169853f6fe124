// Where a folder's dev container configurations are, per the spec's search order.
// The extension asks this itself (no helper round trip) to decide whether to offer a reopen.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
