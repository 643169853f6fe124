// `up`: bring the workspace's dev container to running, creating it when needed, and run the
// lifecycle hooks the spec asks for at each stage. A pipeline of stages: load, then the source
// kind's provisioner (which prepares the image when it creates), then the in-container setup.
// Attaching (forwards) is the helper's, after this returns.
import type { MergedConfig } from '../config/types';
import { cancelledError, throwIfCancelled } from '../engine/cancel';
import { engineUnreachable } from '../engine/engineError';
import { missingOnEngineHost } from '../engine/hostFolder';
import { BerthFailure, fail, ok, toBerthError, unwrap, type Result } from '../util/result';
import type { RunContext, UpRequest } from './context';
import { checkRunOptions, load, reportWarnings, type Loaded } from './load';
import { provisionerFor } from './provision';
import { setupInside } from './setupInside';

export interface UpOutcome {
  containerId: string;
  remoteUser: string;
  remoteWorkspaceFolder: string;
  loaded: Loaded;
  merged: MergedConfig;
  /** True when this call created the container. */
  created: boolean;
}

export async function up(request: UpRequest, ctx: RunContext): Promise<Result<UpOutcome>> {
  const loaded = load(request, ctx.env);
  if (!loaded.ok) return loaded;
  reportWarnings(loaded.value, ctx.progress);
  try {
    const onOtherHost = !(await ctx.engine.description()).isLocal && (await missingOnEngineHost(ctx.engine, loaded.value.workspaceMount));
    if (onOtherHost) return fail(loaded.value.config.workspaceMount ? { ...onOtherHost, file: loaded.value.configFile, ...loaded.value.locate('workspaceMount') } : { ...onOtherHost, property: undefined });
    unwrap(checkRunOptions(loaded.value, ctx.env));
    throwIfCancelled(ctx.signal, 'up');
    const container = await provisionerFor(loaded.value.source).provision(ctx, loaded.value, request);
    const remoteUser = await setupInside(ctx, loaded.value, container, { afterRestart: request.afterRestart });
    return ok({ containerId: container.containerId, remoteUser, remoteWorkspaceFolder: loaded.value.containerWorkspaceFolder, loaded: loaded.value, merged: container.merged, created: container.created });
  } catch (err) {
    if (ctx.signal?.aborted && !(err instanceof BerthFailure)) return fail(cancelledError('up'));
    return fail(engineUnreachable(err, ctx.engine.where) ?? toBerthError(err));
  }
}
