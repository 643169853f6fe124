// Stage 4 of `up`, shared by every provisioner (the devcontainer CLI's injectHeadless): the
// user's environment probe, the lifecycle hooks, and the once-markers that make a hook run
// once per container (create hooks) or once per start (postStartCommand).
import type { MergedConfig } from '../config/types';
import { LABEL_BERTH } from '../config/labels';
import { containerRunner, hostRunner, runHook, type Runner } from '../engine/hooks';
import type { ContainerDetails } from '../engine/engine';
import { CREATE_HOOKS } from '../rpc/spec';
import { createHooksPending, readState, writeState, type ContainerState } from '../engine/state';
import { envMap, probeAndRun, probeFlags, remoteEnvFrom, remoteEnvironment } from '../engine/userEnv';
import { timed } from '../util/progress';
import { BerthFailure, unwrap, type BerthError } from '../util/result';
import type { RunContext } from './context';
import type { Loaded } from './load';
import type { Provisioned } from './provision';
import { resolveRemoteUser } from '../config/remoteUser';
import { followFirstHook, type FirstHookInInit } from './firstHookInInit';

/** Runs what is due in the container; resolves with the user commands run as there. */
export async function setupInside(ctx: RunContext, loaded: Loaded, container: Provisioned, { afterRestart = false } = {}): Promise<string> {
  const { containerId, merged } = container;
  let state: ContainerState = container.created ? { remoteUser: container.remoteUser } : readState(containerId);
  // A container another tool made (the devcontainer CLI) had its create-time hooks run there.
  if (!container.created && container.labels[LABEL_BERTH] === undefined && state.createHooksDone === undefined) state = { ...state, createHooksDone: [...CREATE_HOOKS] };
  if (container.leftStopped) return state.remoteUser ?? '';
  // From here the container is kept whatever happens: a failed or cancelled hook is retried
  // by the next `up`, and what it left can be inspected.
  if (container.created) writeState(containerId, state);
  // postStartCommand is due once per start, including starts that happened outside Berth
  // (`docker restart`); runStartHooks tells them apart by the container's StartedAt.
  const { hooks } = merged;
  const hooksDue = container.created || !container.wasRunning || createHooksPending(state) || hooks.postStartCommand.length > 0 || (!afterRestart && hooks.postAttachCommand.length > 0) || !state.remoteUser;
  if (!hooksDue) return state.remoteUser!;
  // Inspecting and probing the user's environment cost round trips: only when needed.
  let inspected: Promise<ContainerDetails> | undefined;
  const inspect = () => (inspected ??= ctx.engine.inspectContainer(containerId));
  const named = merged.remoteUser || merged.containerUser || state.remoteUser;
  const user = resolveRemoteUser(merged, state.remoteUser, named ? undefined : (await inspect()).Config.User);
  state = { ...state, remoteUser: user };
  await runStartHooks(ctx, loaded, merged, containerId, state, inspect, !afterRestart, container.firstHook);
  return user;
}

async function runStartHooks(ctx: RunContext, loaded: Loaded, merged: MergedConfig, containerId: string, previous: ContainerState, inspect: () => Promise<ContainerDetails>, attach: boolean, firstHook?: FirstHookInInit): Promise<void> {
  const { engine, progress, signal } = ctx;
  let state: ContainerState = { ...previous };
  writeState(containerId, state);
  // The user's environment is read once, by the first command that runs; every command waits for it.
  let remoteEnv: Promise<Record<string, string>> | undefined;
  const probed = (env: Record<string, string>) => {
    state = { ...state, remoteEnv: env };
    writeState(containerId, state);
    return env;
  };
  const workdir = loaded.containerWorkspaceFolder;
  let inInit = firstHook;
  const run: Runner = async (argv, onOutput) => {
    // The first command may be the init process's own: its outcome is followed, not started.
    if (inInit && !remoteEnv && argv.join('\0') === inInit.argv.join('\0')) {
      const outcome = await followFirstHook(engine, containerId, inInit, onOutput, signal);
      inInit = undefined;
      if (outcome) return outcome;
    }
    if (remoteEnv) return containerRunner(engine, containerId, state.remoteUser!, workdir, await remoteEnv)(argv, onOutput, signal);
    const containerEnv = inspect().then((i) => envMap(i.Config.Env));
    const flags = probeFlags(merged);
    if (!flags || Object.keys(merged.remoteEnv ?? {}).length > 0) {
      // remoteEnv is computed from what the probe finds, so the command waits for it.
      remoteEnv = timed(progress, 'probe', 'Reading the user environment', async () => remoteEnvironment(engine, containerId, merged, state.remoteUser!, await containerEnv)).then(probed);
      return run(argv, onOutput);
    }
    // The first command runs in the probe's own exec: one exec fewer after every start.
    const started = Date.now();
    progress({ phase: 'probe', message: 'Reading the user environment' });
    let settle!: (env: Record<string, string>) => void;
    remoteEnv = new Promise((resolve) => (settle = resolve));
    const found = async (env: Record<string, string>) => {
      settle(probed(remoteEnvFrom(merged, env, await containerEnv.catch(() => ({})))));
      progress({ phase: 'probe', message: 'Reading the user environment (done)', durationMs: Date.now() - started });
    };
    const outcome = await probeAndRun(engine, containerId, state.remoteUser!, flags, { argv, workdir, onOutput, signal }, (env) => void found(env));
    if (outcome) return outcome;
    // The shell never got as far as the command: as after a failed probe, it runs on its own.
    await found({});
    return run(argv, onOutput);
  };
  // A feature's command is reported at the feature's entry in the config (when the config names it).
  const at = (name: string) => (feature: string | undefined): Partial<BerthError> =>
    feature ? { file: loaded.configFile, ...loaded.locate(`features.${feature}`), property: `features["${feature}"]` } : { file: loaded.configFile, ...loaded.locate(name) };
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

/** initializeCommand, on the host, in the caller's environment, before anything is created. */
export async function runInitializeCommand(ctx: RunContext, loaded: Loaded): Promise<void> {
  if (loaded.config.initializeCommand === undefined) return;
  const at = { file: loaded.configFile, ...loaded.locate('initializeCommand'), property: 'initializeCommand' };
  unwrap(await runHook('initializeCommand', [{ command: loaded.config.initializeCommand }], hostRunner(loaded.workspaceFolder, ctx.env), ctx.progress, at, ctx.signal));
}

/** What a failed or cancelled hook leaves, and the two ways on. */
function keptNote(containerId: string, hook: string): string {
  return `The container ${containerId.slice(0, 12)} is kept (\`berth exec\` reaches it): the next \`berth up\` runs ${hook} again, without the hooks that succeeded; \`berth up --remove-existing-container\` starts clean.`;
}
