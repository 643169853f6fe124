// Which compose files a config names and which compose project they make, by the
// devcontainer CLI's rules, so both tools (and `docker compose ps`) see the same project.
import { existsSync, readFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import type { LoadedConfig } from '../config/types';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { sanitizeProjectName, type ComposeCli } from './composeCli';

export interface ComposeProject {
  /** Absolute paths, in the order compose merges them. */
  files: string[];
  name: string;
  /** Where compose runs and reads `.env`: the workspace folder, as for the devcontainer CLI. */
  cwd: string;
}

/**
 * `dockerComposeFile` (a string or an array, relative to the config's folder); when it is an
 * empty array, COMPOSE_FILE from the environment or `.env`, else compose's default files.
 */
export function composeFiles(loaded: LoadedConfig, env: NodeJS.ProcessEnv): Result<string[]> {
  const { config, configFile, workspaceFolder } = loaded;
  const named = config.dockerComposeFile === undefined ? [] : Array.isArray(config.dockerComposeFile) ? config.dockerComposeFile : [config.dockerComposeFile];
  let files: string[];
  let property = 'dockerComposeFile';
  if (named.length) {
    files = named.map((f) => resolve(dirname(configFile), f));
  } else {
    const fromEnv = env.COMPOSE_FILE || dotEnv(workspaceFolder).COMPOSE_FILE;
    files = fromEnv ? fromEnv.split(delimiter).map((f) => resolve(workspaceFolder, f)) : [resolve(workspaceFolder, 'docker-compose.yml')];
    if (!fromEnv && existsSync(resolve(workspaceFolder, 'docker-compose.override.yml'))) files.push(resolve(workspaceFolder, 'docker-compose.override.yml'));
    if (fromEnv) property = 'dockerComposeFile (COMPOSE_FILE)';
  }
  const at = (i: number): Partial<BerthError> => ({ file: configFile, ...loaded.locate(named.length > 1 ? `dockerComposeFile.${i}` : 'dockerComposeFile'), property: named.length > 1 ? `dockerComposeFile.${i}` : property });
  const missing = files.findIndex((f) => !existsSync(f));
  if (missing >= 0) {
    return fail({ ...at(missing), message: `the compose file ${files[missing]} does not exist`, fix: 'Point dockerComposeFile at an existing file, relative to the folder of devcontainer.json.' });
  }
  return ok(files);
}

/**
 * The project name, in the devcontainer CLI's order: COMPOSE_PROJECT_NAME (environment, then
 * `.env`), the files' top-level `name:`, `<workspace>_devcontainer` when the first file is in
 * the workspace's `.devcontainer`, else the first file's folder name.
 */
export function projectName(loaded: LoadedConfig, files: string[], env: NodeJS.ProcessEnv, cli: ComposeCli | undefined): string {
  const clean = (name: string) => sanitizeProjectName(cli, name);
  const fromEnv = clean(env.COMPOSE_PROJECT_NAME ?? '') || clean(dotEnv(loaded.workspaceFolder).COMPOSE_PROJECT_NAME ?? '');
  if (fromEnv) return fromEnv;
  const declared = [...files].reverse().map(topLevelName).find((n) => n);
  if (declared) return clean(declared);
  const folder = dirname(files[0]);
  return folder === join(loaded.workspaceFolder, '.devcontainer') ? clean(`${basename(loaded.workspaceFolder)}_devcontainer`) : clean(basename(folder));
}

export function composeProject(loaded: LoadedConfig, env: NodeJS.ProcessEnv, cli: ComposeCli | undefined): Result<ComposeProject> {
  const files = composeFiles(loaded, env);
  if (!files.ok) return files;
  return ok({ files: files.value, name: projectName(loaded, files.value, env, cli), cwd: loaded.workspaceFolder });
}

/** A file's `version:` line: an override file must repeat it or compose v1 reads it as another format. */
export function versionLine(file: string): string | undefined {
  return /^\s*version:\s*['"]?([^'"\s#]+)/m.exec(readFileSync(file, 'utf8'))?.[1];
}

function topLevelName(file: string): string | undefined {
  try {
    const doc = loadYaml(readFileSync(file, 'utf8')) as { name?: unknown } | undefined;
    return typeof doc?.name === 'string' ? doc.name : undefined;
  } catch {
    return undefined; // compose itself reports the file's syntax error, with its line
  }
}

/** KEY=value lines of the workspace's `.env`, as compose reads them for its own settings. */
function dotEnv(folder: string): Record<string, string> {
  try {
    const out: Record<string, string> = {};
    for (const line of readFileSync(join(folder, '.env'), 'utf8').split(/\r?\n/)) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
    }
    return out;
  } catch {
    return {};
  }
}
