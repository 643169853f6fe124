// Loading a config: find it, parse it, check it, then substitute host-side variables.
import { existsSync } from 'node:fs';
import { basename, dirname, posix, relative, resolve } from 'node:path';
import { LABEL_CONFIG_FILE, LABEL_LOCAL_FOLDER } from './labels';
import { parseMountString, substituteMountFields, substituteRunArgs, type Mount } from './mounts';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { devcontainerId } from './devcontainerId';
import { gitRoot } from './gitRoot';
import { liftLegacyKeys } from './legacy';
import { resolveConfigFile } from './discover';
import { readJsonc } from './parse';
import { substituteHost, type HostVariables } from './substitute';
import type { DevContainerConfig, LoadedConfig, LoadOptions } from './types';
import { validateConfig } from './validate';

export function loadConfig(options: LoadOptions): Result<LoadedConfig> {
  const workspaceFolder = resolve(options.workspaceFolder);
  const file = resolveConfigFile(workspaceFolder, options.configFile);
  if (!file.ok) return file;
  const parsed = readJsonc(file.value);
  if (!parsed.ok) return parsed;
  const checked = validateConfig(parsed.value);
  if (!checked.ok) return checked;
  const at = (property: string): Partial<BerthError> => ({ file: file.value, ...parsed.value.locate(property), property });

  const raw = liftLegacyKeys(parsed.value.value as DevContainerConfig);
  const labels = { [LABEL_LOCAL_FOLDER]: workspaceFolder, [LABEL_CONFIG_FILE]: file.value } as LoadedConfig['labels'];
  const id = devcontainerId(labels);
  const vars = { env: options.env ?? process.env, localWorkspaceFolder: workspaceFolder, devcontainerId: id };
  // As the devcontainer CLI does, for a config anywhere: the workspace's Git repository (or
  // the workspace alone) is mounted at /workspaces/<name> unless workspaceMount says otherwise;
  // workspaceFolder only moves the working folder (its default is the workspace in that mount).
  const mountRoot = gitRoot(workspaceFolder) ?? workspaceFolder;
  const mountTarget = `/workspaces/${basename(mountRoot)}`;
  const defaultFolder = posix.join(mountTarget, relative(mountRoot, workspaceFolder));
  // workspaceFolder may itself use host variables; everything else may use it.
  // A compose service mounts the workspace itself: without workspaceFolder, `/` (as the CLI).
  const fallbackFolder = raw.dockerComposeFile !== undefined ? '/' : defaultFolder;
  const containerWorkspaceFolder = raw.workspaceFolder ? substituteHost(raw.workspaceFolder, { ...vars, containerWorkspaceFolder: fallbackFolder }) : fallbackFolder;
  const allVars: HostVariables = { ...vars, containerWorkspaceFolder };
  const config = substituteHost(raw, allVars);
  const mountStrings = substituteMountSyntax(raw, allVars, at);
  if (!mountStrings.ok) return mountStrings;
  Object.assign(config, mountStrings.value);

  let workspaceMount: Mount = { Type: 'bind', Source: mountRoot, Target: mountTarget };
  if (config.workspaceMount !== undefined) {
    const m = parseMountString(config.workspaceMount);
    if (!m.ok) return fail({ ...m.error, ...at('workspaceMount') });
    workspaceMount = m.value;
  }
  return ok({
    configFile: file.value,
    workspaceFolder,
    raw,
    config,
    warnings: checked.value.warnings,
    devcontainerId: id,
    containerWorkspaceFolder,
    workspaceMount,
    labels,
    locate: parsed.value.locate,
  });
}

type MountSyntax = Pick<DevContainerConfig, 'workspaceMount' | 'mounts' | 'runArgs'>;

/**
 * workspaceMount, string `mounts` and runArgs --mount values with their variables substituted
 * field by field, so that a folder named `proj,src=/etc` stays one source path instead of
 * adding a field.
 */
function substituteMountSyntax(raw: DevContainerConfig, vars: HostVariables, at: (property: string) => Partial<BerthError>): Result<MountSyntax> {
  const substitute = (s: string) => substituteHost(s, vars);
  const out: MountSyntax = {};
  if (Array.isArray(raw.runArgs)) {
    const runArgs = substituteRunArgs(raw.runArgs, substitute);
    if (!runArgs.ok) return fail({ ...runArgs.error, ...at(runArgs.error.property!) });
    out.runArgs = runArgs.value;
  }
  if (typeof raw.workspaceMount === 'string') {
    const m = substituteMountFields(raw.workspaceMount, substitute);
    if (!m.ok) return fail({ ...m.error, ...at('workspaceMount') });
    out.workspaceMount = m.value;
  }
  if (Array.isArray(raw.mounts)) {
    const mounts: NonNullable<DevContainerConfig['mounts']> = [];
    for (const [i, entry] of raw.mounts.entries()) {
      if (typeof entry !== 'string') {
        mounts.push(substituteHost(entry, vars));
        continue;
      }
      const m = substituteMountFields(entry, substitute);
      if (!m.ok) return fail({ ...m.error, ...at(`mounts.${i}`) });
      mounts.push(m.value);
    }
    out.mounts = mounts;
  }
  return ok(out);
}

export interface BuildPaths {
  dockerfile: string;
  context: string;
}

/**
 * Absolute Dockerfile and context paths, relative to the config's folder; without a context,
 * the Dockerfile's folder. The legacy top-level `dockerFile` (with top-level `context`) wins
 * over `build` when both are there. Both as the devcontainer CLI resolves them.
 */
export function resolveBuildPaths(loaded: LoadedConfig): Result<BuildPaths | undefined> {
  const { config, configFile } = loaded;
  const legacy = config.dockerFile !== undefined;
  const dockerfile = legacy ? config.dockerFile : config.build?.dockerfile;
  if (dockerfile === undefined) return ok(undefined);
  const base = dirname(configFile);
  const [property, contextProperty] = legacy ? ['dockerFile', 'context'] : ['build.dockerfile', 'build.context'];
  const context = legacy ? config.context : config.build?.context;
  const dockerfilePath = resolve(base, dockerfile);
  const paths = { dockerfile: dockerfilePath, context: context === undefined ? dirname(dockerfilePath) : resolve(base, context) };
  if (!existsSync(paths.dockerfile)) {
    return fail({ message: `the Dockerfile ${paths.dockerfile} does not exist`, file: configFile, ...loaded.locate(property), property, fix: 'Point it at an existing Dockerfile, relative to the folder of devcontainer.json.' });
  }
  if (!existsSync(paths.context)) {
    const where = context === undefined ? property : contextProperty;
    return fail({ message: `the build context ${paths.context} does not exist`, file: configFile, ...loaded.locate(where), property: where, fix: `Set ${contextProperty} to an existing folder, relative to the folder of devcontainer.json.` });
  }
  return ok(paths);
}
