// Loading a config: find it, parse it, check it, then substitute host-side variables.
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { LABEL_CONFIG_FILE, LABEL_LOCAL_FOLDER } from '../engine/labels';
import { fail, ok, type Result } from '../util/result';
import { devcontainerId } from './devcontainerId';
import { resolveConfigFile } from './discover';
import { readJsonc } from './parse';
import { substituteHost } from './substitute';
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

  const raw = parsed.value.value as DevContainerConfig;
  const labels = { [LABEL_LOCAL_FOLDER]: workspaceFolder, [LABEL_CONFIG_FILE]: file.value } as LoadedConfig['labels'];
  const id = devcontainerId(labels);
  const vars = { env: options.env ?? process.env, localWorkspaceFolder: workspaceFolder, devcontainerId: id };
  const defaultTarget = `/workspaces/${basename(workspaceFolder)}`;
  // workspaceFolder may itself use host variables; everything else may use it.
  const containerWorkspaceFolder = raw.workspaceFolder ? substituteHost(raw.workspaceFolder, { ...vars, containerWorkspaceFolder: defaultTarget }) : defaultTarget;
  const config = substituteHost(raw, { ...vars, containerWorkspaceFolder });
  return ok({
    configFile: file.value,
    workspaceFolder,
    config,
    warnings: checked.value.warnings,
    devcontainerId: id,
    containerWorkspaceFolder,
    workspaceMount: config.workspaceMount ?? `type=bind,source=${workspaceFolder},target=${containerWorkspaceFolder}`,
    labels,
    locate: parsed.value.locate,
  });
}

export interface BuildPaths {
  dockerfile: string;
  context: string;
}

/** Absolute Dockerfile and context paths, relative to the config's folder as the spec says. */
export function resolveBuildPaths(loaded: LoadedConfig): Result<BuildPaths | undefined> {
  const { config, configFile } = loaded;
  const dockerfile = config.build?.dockerfile ?? config.dockerFile;
  if (dockerfile === undefined) return ok(undefined);
  const base = dirname(configFile);
  const property = config.build?.dockerfile !== undefined ? 'build.dockerfile' : 'dockerFile';
  const paths = { dockerfile: resolve(base, dockerfile), context: resolve(base, config.build?.context ?? config.context ?? '.') };
  if (!existsSync(paths.dockerfile)) {
    return fail({ message: `the Dockerfile ${paths.dockerfile} does not exist`, file: configFile, ...loaded.locate(property), property, fix: 'Point it at an existing Dockerfile, relative to the folder of devcontainer.json.' });
  }
  if (!existsSync(paths.context)) {
    const contextProperty = config.build?.context !== undefined ? 'build.context' : 'context';
    return fail({ message: `the build context ${paths.context} does not exist`, file: configFile, ...loaded.locate(contextProperty), property: contextProperty });
  }
  return ok(paths);
}
