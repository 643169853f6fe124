// Throwaway workspaces with a devcontainer.json (and any other files) for a test.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeContainersOf } from './cli';

export { BASE_IMAGE } from './cli';

const made: string[] = [];

/** Files are written as given when text or bytes, as JSON otherwise. */
export function workspace(files: Record<string, string | Uint8Array | object>, name = 'ws'): string {
  const root = join(mkdtempSync(join(tmpdir(), 'berth-ws-')), name);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content, null, 2));
  }
  mkdirSync(root, { recursive: true });
  made.push(root);
  return root;
}

/** A workspace whose .devcontainer/devcontainer.json is `config`. */
export function devcontainer(config: string | Uint8Array | object, extra: Record<string, string | Uint8Array | object> = {}): string {
  return workspace({ '.devcontainer/devcontainer.json': config, ...extra });
}

export function cleanupWorkspaces(): void {
  for (const root of made.splice(0)) removeContainersOf(root);
}
