// `up`: bring the workspace's dev container to running, creating it when needed,
// and run the lifecycle hooks the spec asks for at each stage.
import type Docker from 'dockerode';
import { composeUp } from '../compose/up';
import { resolveBuildPaths, loadConfig } from '../config/load';
import { mergeMetadata, metadataLabelFor, parseMetadataLabel } from '../config/metadata';
import { sourceKind } from '../config/sourceKind';
import type { LoadedConfig, MergedConfig } from '../config/types';
import { timed, type ProgressSink } from '../util/progress';
import { BerthFailure, fail, ok, toBerthError, unwrap, type BerthError, type Result } from '../util/result';
import { buildImage } from './build';
import { cancelledError, throwIfCancelled } from './cancel';
import { createContainer } from './createContainer';
import { createOptions } from './createOptions';
import { engine, type EngineEndpoint } from './docker';
import { engineUnreachable } from './engineError';
import { missingOnEngineHost } from './hostFolder';
import { findDevContainer } from './findContainer';
import { containerRunner, hostRunner, runHook, type Runner } from './hooks';
import { extendImage } from '../features/stage';
import type { LockfileMode } from '../features/lockfile';
import { builtImageName } from './imageName';
import { LABEL_BERTH, LABEL_METADATA } from '../config/labels';
import { ensureImage } from './pull';
import { CREATE_HOOKS } from '../rpc/spec';
import { createHooksPending, readState, writeState, type ContainerState } from './state';
import { withHostUid } from './uidImage';
import { missingUser } from './userCheck';
import { envMap, remoteEnvironment } from './userEnv';

export interface UpOptions {
  workspaceFolder: string;
  configFile?: string;
  removeExistingContainer?: boolean;
  buildNoCache?: boolean;
  /** The compose program for compose configs, instead of `docker compose` / `docker-compose`. */
  dockerComposePath?: string;
  env?: NodeJS.ProcessEnv;
  /** The container was started outside `up` (a restart): run what is due for this start, but attach nothing. */
  afterRestart?: boolean;
  /** What to do with the features' lockfile (default: write it). */
  lockfile?: LockfileMode;
  /** Aborted when the client that asked went away: the build stops, a running hook is ended. */
  signal?: AbortSignal;
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
    const onOtherHost = !(await endpoint.describe()).isLocal && (await missingOnEngineHost(docker, loaded.value.workspaceMount, endpoint.description));
    if (onOtherHost) return fail(loaded.value.config.workspaceMount ? { ...onOtherHost, file: loaded.value.configFile, ...loaded.value.locate('workspaceMount') } : { ...onOtherHost, property: undefined });
    return ok(await bringUp(docker, loaded.value, options, progress));
  } catch (err) {
    if (options.signal?.aborted && !(err instanceof BerthFailure)) return fail(cancelledError('up'));
    return fail(engineUnreachable(err, endpoint.description) ?? toBerthError(err));
  }
}

async function bringUp(docker: Docker, loaded: LoadedConfig, options: UpOptions, progress: ProgressSink): Promise<UpOutcome> {
  if (sourceKind(loaded.config) === 'compose') return composeUp(docker, loaded, options, progress);
  const at = (property: string): Partial<BerthError> => ({ file: loaded.configFile, ...loaded.locate(property), property });
  // Everything the config alone can get wrong is checked before the engine is touched.
  const build = unwrap(resolveBuildPaths(loaded));
  unwrap(createOptions(loaded, mergeMetadata(loaded.config, []), 'check', '[]', options.env ?? process.env));

  const { signal } = options;
  throwIfCancelled(signal, 'up');
  let existing = await findDevContainer(docker, loaded.workspaceFolder, loaded.configFile);
  if (existing && options.removeExistingContainer) {
    // v: its anonymous volumes go with it (the engine never removes named ones this way).
    await timed(progress, 'create', 'Removing the existing container', () => docker.getContainer(existing!.Id).remove({ force: true, v: true }));
    existing = undefined;
  }
  if (existing) {
    const merged = mergeMetadata(loaded.config, parseMetadataLabel(existing.Labels[LABEL_METADATA]).slice(0, -1));
    return resume(docker, loaded, merged, existing, progress, options);
  }

  await runInitializeCommand(loaded, options, progress);
  throwIfCancelled(signal, 'up');
  let image: string;
  let imageInfo: Docker.ImageInspectInfo | undefined;
  if (build) {
    const name = builtImageName(loaded.workspaceFolder);
    const b = loaded.config.build ?? {};
    await timed(progress, 'build', `Building ${name}`, async () =>
      unwrap(await buildImage(docker, { ...build, imageName: name, args: b.args, target: b.target, cacheFrom: b.cacheFrom, options: b.options, noCache: options.buildNoCache, signal }, progress, at('build.dockerfile'))),
    );
    image = name;
  } else {
    image = loaded.config.image!;
    imageInfo = await timed(progress, 'pull', `Image ${image}`, async () => unwrap(await ensureImage(docker, image, progress, at('image'), options.env)));
  }
  throwIfCancelled(signal, 'up');
  const info = imageInfo ?? (await docker.getImage(image).inspect());
  const { imageEntries, merged, remoteUser, runImage } = await prepareImage(docker, loaded, image, info, options, progress);
  const metadataLabel = metadataLabelFor(loaded.raw, imageEntries);
  const plan = unwrap(createOptions(loaded, merged, runImage, metadataLabel, options.env ?? process.env));
  throwIfCancelled(signal, 'up');
  // A user the image lacks is bad input, found before anything ran: the container is
  // removed, since the next `up` would otherwise find it and fail in every exec.
  const users = [
    { property: plan.options.User === merged.containerUser ? 'containerUser' : 'runArgs', user: plan.options.User ?? '' },
    { property: 'remoteUser', user: merged.remoteUser ?? '' },
  ];
  const beforeStart = (c: Docker.Container) => missingUser(c, image, users, at);
  const container = await timed(progress, 'create', 'Creating the container', async () => unwrap(await createContainer(docker, plan, at, beforeStart)));
  // From here the container is kept whatever happens: a failed or cancelled hook is retried
  // by the next `up`, and what it left can be inspected.
  writeState(container.id, { remoteUser });
  await runStartHooks(docker, loaded, merged, container.id, { remoteUser }, progress, { signal });
  return { containerId: container.id, remoteUser, remoteWorkspaceFolder: loaded.containerWorkspaceFolder, loaded, merged, created: true };
}

/**
 * The image stage every source kind shares: features on the base image, then the UID stage;
 * with the metadata entries, merged config and user the container gets.
 */
export async function prepareImage(docker: Docker, loaded: LoadedConfig, image: string, info: Docker.ImageInspectInfo, options: UpOptions, progress: ProgressSink, fallbackUser = info.Config?.User || 'root') {
  const extended = unwrap(await extendImage(docker, { image, imageInfo: info, loaded, env: options.env ?? process.env, lockfile: options.lockfile, noCache: options.buildNoCache, signal: options.signal }, progress));
  const imageEntries = [...parseMetadataLabel(info.Config?.Labels?.[LABEL_METADATA]), ...extended.entries];
  const merged = mergeMetadata(loaded.config, imageEntries);
  const remoteUser = merged.remoteUser ?? merged.containerUser ?? fallbackUser;
  const runImage = unwrap(await withHostUid(docker, { image: extended.image, remoteUser, enabled: merged.updateRemoteUserUID !== false }, progress));
  return { imageEntries, merged, remoteUser, runImage };
}

/** initializeCommand, on the host, before anything is created. */
export async function runInitializeCommand(loaded: LoadedConfig, options: UpOptions, progress: ProgressSink): Promise<void> {
  if (loaded.config.initializeCommand === undefined) return;
  const at = { file: loaded.configFile, ...loaded.locate('initializeCommand'), property: 'initializeCommand' };
  unwrap(await runHook('initializeCommand', [loaded.config.initializeCommand], hostRunner(loaded.workspaceFolder, options.env), progress, at, options.signal));
}

/** A container exists: start it when stopped, and run the hooks that are still due. */
export async function resume(docker: Docker, loaded: LoadedConfig, merged: MergedConfig, found: Docker.ContainerInfo, progress: ProgressSink, options: UpOptions): Promise<UpOutcome> {
  const { afterRestart = false, signal } = options;
  const container = docker.getContainer(found.Id);
  let state = readState(found.Id);
  // A container another tool made (the devcontainer CLI) had its create-time hooks run there.
  if (found.Labels[LABEL_BERTH] === undefined && state.createHooksDone === undefined) state = { ...state, createHooksDone: [...CREATE_HOOKS] };
  const running = found.State === 'running';
  if (!running) await timed(progress, 'start', 'Starting the container', () => container.start());
  // postStartCommand is due once per start, including starts that happened outside Berth
  // (`docker restart`); runStartHooks tells them apart by the container's StartedAt.
  const { hooks } = merged;
  const hooksDue = !running || createHooksPending(state) || hooks.postStartCommand.length > 0 || (!afterRestart && hooks.postAttachCommand.length > 0) || !state.remoteUser;
  if (hooksDue) {
    const user = merged.remoteUser ?? merged.containerUser ?? state.remoteUser ?? ((await container.inspect()).Config.User || 'root');
    state = { ...state, remoteUser: user };
    await runStartHooks(docker, loaded, merged, found.Id, state, progress, { attach: !afterRestart, signal });
  }
  return { containerId: found.Id, remoteUser: state.remoteUser!, remoteWorkspaceFolder: loaded.containerWorkspaceFolder, loaded, merged, created: false };
}

async function runStartHooks(docker: Docker, loaded: LoadedConfig, merged: MergedConfig, containerId: string, previous: ContainerState, progress: ProgressSink, { attach = true, signal }: { attach?: boolean; signal?: AbortSignal }): Promise<void> {
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
    return runner(argv, onOutput, signal);
  };
  const at = (property: string): Partial<BerthError> => ({ file: loaded.configFile, ...loaded.locate(property) });
  const hook = async (name: keyof MergedConfig['hooks']) => {
    const r = await runHook(name, merged.hooks[name], run, progress, at(name), signal);
    if (!r.ok) throw new BerthFailure({ ...r.error, fix: `${r.error.fix ? `${r.error.fix} ` : ''}${keptNote(containerId, name)}` });
  };
  for (const name of CREATE_HOOKS) {
    if (state.createHooksDone?.includes(name)) continue;
    await hook(name);
    state = { ...state, createHooksDone: [...(state.createHooksDone ?? []), name] };
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

/** What a failed or cancelled hook leaves, and the two ways on. */
function keptNote(containerId: string, hook: string): string {
  return `The container ${containerId.slice(0, 12)} is kept (\`berth exec\` reaches it): the next \`berth up\` runs ${hook} again, without the hooks that succeeded; \`berth up --remove-existing-container\` starts clean.`;
}
