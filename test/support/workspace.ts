// Throwaway workspaces with a devcontainer.json (and any other files) for a test.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeContainersOf } from './cli';

export const BASE_IMAGE = 'berth-base:bookworm';

const made: string[] = [];

export function workspace(files: Record<string, string | object>, name = 'ws'): string {
  const root = join(mkdtempSync(join(tmpdir(), 'berth-ws-')), name);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  mkdirSync(root, { recursive: true });
  made.push(root);
  return root;
}

/** A workspace whose .devcontainer/devcontainer.json is `config`. */
export function devcontainer(config: string | object, extra: Record<string, string | object> = {}): string {
  return workspace({ '.devcontainer/devcontainer.json': config, ...extra });
}

export function cleanupWorkspaces(): void {
  for (const root of made.splice(0)) removeContainersOf(root);
}
