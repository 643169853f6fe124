// Stage 5 of `up`: what the caller attaches to once the container is set up. The forwards
// outlive the request (the helper keeps them across window reloads), so the helper holds
// them; this stage hands them the container and who asked for it.
import type { MergedConfig } from '../config/types';
import type { Engine } from '../engine/engine';
import type { Caller, RunContext } from './context';
import type { UpOutcome } from './up';

/** Where a workspace's forwards are kept (the helper's registry). */
export interface ForwardKeeper {
  ensure(engine: Engine, workspaceFolder: string, configFile: string, containerId: string, merged: Pick<MergedConfig, 'forwardPorts' | 'portsAttributes' | 'otherPortsAttributes'>, caller: Caller): Promise<void>;
}

export function attach(ctx: Pick<RunContext, 'engine' | 'env' | 'settings'>, outcome: UpOutcome, forwards: ForwardKeeper): Promise<void> {
  return forwards.ensure(ctx.engine, outcome.loaded.workspaceFolder, outcome.loaded.configFile, outcome.containerId, outcome.merged, { env: ctx.env, settings: ctx.settings });
}
