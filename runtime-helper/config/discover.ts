// Finds the devcontainer.json of a workspace where the spec says to look.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_LOCATIONS, findConfigFiles } from '../rpc/configLocations';
import { fail, ok, type Result } from '../util/result';

/** The one config to use: the explicit --config (relative to the current directory), or the only one discovered. */
export function resolveConfigFile(workspaceFolder: string, configFile?: string): Result<string> {
  const root = resolve(workspaceFolder);
  if (configFile) {
    const file = resolve(configFile);
    if (isFile(file)) return ok(file);
    return fail({ message: `the config file ${file} given by --config does not exist`, file, fix: `berth up --workspace-folder ${root} --config FILE with FILE an existing devcontainer.json` });
  }
  if (!isDirectory(root)) {
    return fail({ message: `the workspace folder ${root} does not exist`, fix: 'berth up --workspace-folder FOLDER with FOLDER an existing folder' });
  }
  const found = findConfigFiles(root);
  if (found.length === 1) return ok(found[0]);
  if (found.length === 0) {
    return fail({
      message: `no dev container config in ${root} (looked for ${CONFIG_LOCATIONS})`,
      fix: `Add .devcontainer/devcontainer.json, or run berth up --workspace-folder ${root} --config FILE`,
    });
  }
  return fail({
    message: `${found.length} dev container configs found; choose one with --config:\n${found.map((f) => `    ${f}`).join('\n')}`,
    fix: `berth up --workspace-folder ${root} --config ${found[0]}`,
  });
}

function isFile(path: string): boolean {
  return statOf(path)?.isFile() ?? false;
}

function isDirectory(path: string): boolean {
  return statOf(path)?.isDirectory() ?? false;
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
