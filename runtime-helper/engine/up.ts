// `up`: bring the workspace's dev container to running, creating it when needed,
// and run the lifecycle hooks the spec asks for at each stage.
import type Docker from 'dockerode';
import { resolveBuildPaths, loadConfig } from '../config/load';
import { mergeMetadata, metadataEntryFor, parseMetadataLabel } from '../config/metadata';
import type { LoadedConfig, MergedConfig } from '../config/types';
import { timed, type ProgressSink } from '../util/progress';
import { BerthFailure, fail, ok, toBerthError, unwrap, type BerthError, type Result } from '../util/result';
import { buildImage } from './build';
import { createOptions } from './createOptions';
import { engine, type EngineEndpoint } from './docker';
import { engineUnreachable } from './engineError';
import { findDevContainer } from './findContainer';
import { containerRunner, hostRunner, runHook, type Runner } from './hooks';
import { extendImage } from '../features/stage';
import type { LockfileMode } from '../features/lockfile';
import { builtImageName } from './imageName';
import { LABEL_BERTH, LABEL_METADATA } from './labels';
import { ensureImage } from './pull';
import { forgetState, readState, writeState, type ContainerState } from './state';
import { withHostUid } from './uidImage';
import { envMap, remoteEnvironment } from './userEnv';

export interface UpOptions {
  workspaceFolder: string;
  configFile?: string;
  removeExistingContainer?: boolean;
  buildNoCache?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The container was started outside `up` (a restart): run what is due for this start, but attach nothing. */
  afterRestart?: boolean;
  /** What to do with the features' lockfile (default: write it). */
  lockfile?: LockfileMode;
}

export interface UpOutcome {
  containerId: string;
  remoteUser: string;
  remoteWorkspaceFolder: string;
  loaded: LoadedConfig;
  merged: MergedConfig;
  /** True when this call created the container. */
  created: boolean;
}

export async function up(options: UpOptions, progress: ProgressSink, endpoint: EngineEndpoint = engine()): Promise<Result<UpOutcome>> {
  const docker = endpoint.docker;
  const loaded = loadConfig(options);
  if (!loaded.ok) return loaded;
  for (const w of loaded.value.warnings) progress({ phase: 'config', message: `warning: ${w.file}:${w.line}:${w.column}: '${w.property}': ${w.message}` });
  try {
    return ok(await bringUp(docker, loaded.value, options, progress));
  } catch (err) {
    return fail(engineUnreachable(err, endpoint.description) ?? toBerthError(err));
  }
}

async function bringUp(docker: Docker, loaded: LoadedConfig, options: UpOptions, progress: ProgressSink): Promise<UpOutcome> {
  const at = (property: string): Partial<BerthError> => ({ file: loaded.configFile, ...loaded.locate(property), property });
  // Everything the config alone can get wrong is checked before the engine is touched.
  const build = unwrap(resolveBuildPaths(loaded));
  unwrap(createOptions(loaded, mergeMetadata(loaded.config, []), 'check', '[]'));

  let existing = await findDevContainer(docker, loaded.workspaceFolder, loaded.configFile);
  if (existing && options.removeExistingContainer) {
    await timed(progress, 'create', 'Removing the existing container', () => docker.getContainer(existing!.Id).remove({ force: true, v: false }));
    existing = undefined;
  }
  if (existing) {
    const merged = mergeMetadata(loaded.config, parseMetadataLabel(existing.Labels[LABEL_METADATA]).slice(0, -1));
    return resume(docker, loaded, merged, existing, progress, options.afterRestart);
  }

  if (loaded.config.initializeCommand !== undefined) {
    unwrap(await runHook('initializeCommand', [loaded.config.initializeCommand], hostRunner(loaded.workspaceFolder, options.env), progress, at('initializeCommand')));
  }
  let image: string;
  let imageInfo: Docker.ImageInspectInfo | undefined;
  if (build) {
    const name = builtImageName(loaded.workspaceFolder);
    const b = loaded.config.build ?? {};
    await timed(progress, 'build', `Building ${name}`, async () =>
      unwrap(await buildImage(docker, { ...build, imageName: name, args: b.args, target: b.target, cacheFrom: b.cacheFrom, options: b.options, noCache: options.buildNoCache }, progress, at('build.dockerfile'))),
    );
    image = name;
  } else {
    image = loaded.config.image!;
    imageInfo = await timed(progress, 'pull', `Image ${image}`, async () => unwrap(await ensureImage(docker, image, progress, at('image'), options.env)));
  }
  const info = imageInfo ?? (await docker.getImage(image).inspect());
  const extended = unwrap(await extendImage(docker, { image, imageInfo: info, loaded, env: options.env ?? process.env, lockfile: options.lockfile, noCache: options.buildNoCache }, progress));
  const imageEntries = [...parseMetadataLabel(info.Config?.Labels?.[LABEL_METADATA]), ...extended.entries];
  const merged = mergeMetadata(loaded.config, imageEntries);
  const remoteUser = merged.remoteUser ?? merged.containerUser ?? (info.Config?.User || 'root');
  const runImage = unwrap(await withHostUid(docker, { image: extended.image, remoteUser, enabled: merged.updateRemoteUserUID !== false }, progress));
  const metadataLabel = JSON.stringify([...imageEntries, metadataEntryFor(loaded.config)]);
  const create = unwrap(createOptions(loaded, merged, runImage, metadataLabel));
  const container = await timed(progress, 'create', 'Creating the container', async () => {
    const c = await docker.createContainer(create);
    await c.start();
    return c;
  });
  writeState(container.id, { remoteUser });
  try {
    await runStartHooks(docker, loaded, merged, container.id, { remoteUser }, progress);
  } catch (err) {
    // A container whose creation hooks failed is half made: remove it so nothing is left
    // behind, and the next `up` starts clean.
    await container.remove({ force: true, v: true }).catch(() => undefined);
    forgetState(container.id);
    const e = toBerthError(err);
    throw new BerthFailure({ ...e, message: `${e.message}\n  (the new container was removed)` });
  }
  return { containerId: container.id, remoteUser, remoteWorkspaceFolder: loaded.containerWorkspaceFolder, loaded, merged, created: true };
}

/** A container exists: start it when stopped, and run the hooks that are still due. */
async function resume(docker: Docker, loaded: LoadedConfig, merged: MergedConfig, found: Docker.ContainerInfo, progress: ProgressSink, afterRestart = false): Promise<UpOutcome> {
  const container = docker.getContainer(found.Id);
  let state = readState(found.Id);
  // A container another tool made (the devcontainer CLI) had its create-time hooks run there.
  if (found.Labels[LABEL_BERTH] === undefined && state.createHooksDone === undefined) state = { ...state, createHooksDone: true };
  const running = found.State === 'running';
  if (!running) await timed(progress, 'start', 'Starting the container', () => container.start());
  // postStartCommand is due once per start, including starts that happened outside Berth
  // (`docker restart`); runStartHooks tells them apart by the container's StartedAt.
  const { hooks } = merged;
  const hooksDue = !running || !state.createHooksDone || hooks.postStartCommand.length > 0 || (!afterRestart && hooks.postAttachCommand.length > 0) || !state.remoteUser;
  if (hooksDue) {
    const user = merged.remoteUser ?? merged.containerUser ?? state.remoteUser ?? ((await container.inspect()).Config.User || 'root');
    state = { ...state, remoteUser: user };
    await runStartHooks(docker, loaded, merged, found.Id, state, progress, !afterRestart);
  }
  return { containerId: found.Id, remoteUser: state.remoteUser!, remoteWorkspaceFolder: loaded.containerWorkspaceFolder, loaded, merged, created: false };
}

async function runStartHooks(docker: Docker, loaded: LoadedConfig, merged: MergedConfig, containerId: string, previous: ContainerState, progress: ProgressSink, attach = true): Promise<void> {
  let state: ContainerState = { ...previous };
  writeState(containerId, state);
  // Inspecting and probing the user's environment cost round trips: only when a hook runs.
  let inspected: Promise<Docker.ContainerInspectInfo> | undefined;
  const inspect = () => (inspected ??= docker.getContainer(containerId).inspect());
  let runner: Runner | undefined;
  const run: Runner = async (argv, onOutput) => {
    if (!runner) {
      const env = envMap((await inspect()).Config.Env);
      const remoteEnv = await timed(progress, 'probe', 'Reading the user environment', () => remoteEnvironment(docker, containerId, merged, state.remoteUser!, env));
      state = { ...state, remoteEnv };
      writeState(containerId, state);
      runner = containerRunner(docker, containerId, state.remoteUser!, loaded.containerWorkspaceFolder, remoteEnv);
    }
    return runner(argv, onOutput);
  };
  const at = (property: string): Partial<BerthError> => ({ file: loaded.configFile, ...loaded.locate(property) });
  const hook = async (name: keyof MergedConfig['hooks']) => {
    const r = await runHook(name, merged.hooks[name], run, progress, at(name));
    if (!r.ok) throw new BerthFailure(r.error);
  };
  if (!state.createHooksDone) {
    for (const name of ['onCreateCommand', 'updateContentCommand', 'postCreateCommand'] as const) await hook(name);
    state = { ...state, createHooksDone: true };
    writeState(containerId, state);
  }
  if (merged.hooks.postStartCommand.length > 0) {
    const startedAt = (await inspect()).State.StartedAt;
    if (state.postStartFor !== startedAt) {
      await hook('postStartCommand');
      state = { ...state, postStartFor: startedAt };
      writeState(containerId, state);
    }
  }
  if (attach) await hook('postAttachCommand');
}
