// Throwaway workspaces for the config tests: files only, no engine, removed after the run.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { loadConfig } from '../../runtime-helper/config/load';
import type { LoadedConfig } from '../../runtime-helper/config/types';
import { formatError, type BerthError, type Result } from '../../runtime-helper/util/result';

const made: string[] = [];
after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder named `name` (which may hold `/`, commas, quotes) holding `files` (objects are written as JSON). */
export function workspace(files: Record<string, string | object>, name = 'ws'): string {
  const top = mkdtempSync(join(tmpdir(), 'berth-config-'));
  made.push(top);
  const root = join(top, name);
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}

/** A workspace whose .devcontainer/devcontainer.json is `config`. */
export const devcontainer = (config: string | object, extra: Record<string, string | object> = {}) => workspace({ '.devcontainer/devcontainer.json': config, ...extra });

export function okValue<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(formatError(r.error));
  return r.value;
}

export function errorOf<T>(r: Result<T>): BerthError {
  if (r.ok) assert.fail('expected an error');
  return r.error;
}

export const load = (ws: string, env: NodeJS.ProcessEnv = {}): LoadedConfig => okValue(loadConfig({ workspaceFolder: ws, env }));
export const loadError = (ws: string, configFile?: string): BerthError => errorOf(loadConfig({ workspaceFolder: ws, configFile, env: {} }));
