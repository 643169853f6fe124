// Finds the devcontainer.json of a workspace where the spec says to look.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, ok, type Result } from '../util/result';

export function discoverConfigs(workspaceFolder: string): string[] {
  const dir = join(workspaceFolder, '.devcontainer');
  const found = [join(dir, 'devcontainer.json'), join(workspaceFolder, '.devcontainer.json')].filter(isFile);
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      const nested = join(dir, name, 'devcontainer.json');
      if (isFile(nested)) found.push(nested);
    }
  }
  return found;
}

/** The one config to use: the explicit --config, or the only one discovered. */
export function resolveConfigFile(workspaceFolder: string, configFile?: string): Result<string> {
  if (configFile) {
    const file = resolve(configFile);
    return isFile(file) ? ok(file) : fail({ message: 'the config file given by --config does not exist', file, fix: 'Pass the path of an existing devcontainer.json to --config.' });
  }
  if (!isFile(workspaceFolder) && !existsSync(workspaceFolder)) {
    return fail({ message: `the workspace folder ${workspaceFolder} does not exist`, fix: 'Pass an existing folder to --workspace-folder.' });
  }
  const found = discoverConfigs(workspaceFolder);
  if (found.length === 1) return ok(found[0]);
  if (found.length === 0) {
    return fail({
      message: `no dev container config in ${workspaceFolder} (looked for .devcontainer/devcontainer.json, .devcontainer.json and .devcontainer/<name>/devcontainer.json)`,
      fix: 'Add .devcontainer/devcontainer.json, or pass --config FILE.',
    });
  }
  return fail({
    message: `${found.length} dev container configs found; choose one with --config:\n${found.map((f) => `    ${f}`).join('\n')}`,
    fix: `berth up --workspace-folder ${workspaceFolder} --config ${found[0]}`,
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
