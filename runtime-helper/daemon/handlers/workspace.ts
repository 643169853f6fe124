// Requests about one workspace's dev container: up, down, build, read-configuration.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { checkConfigText } from '../../config/check';
import { loadConfig } from '../../config/load';
import { mergeMetadata } from '../../config/metadata';
import { down } from '../../engine/down';
import { findDevContainer } from '../../engine/findContainer';
import { lockfileMode } from '../../features/lockfile';
import { describeFeatures, installOrderOf, type FeaturesConfiguration } from '../../features/describe';
import { planFeatures } from '../../features/stage';
import { formatMount } from '../../config/mounts';
import { build } from '../../up/build';
import type { RunContext } from '../../up/context';
import { up, type UpOutcome } from '../../up/up';
import type { OperationSummary, UpParams } from '../../rpc/protocol';
import { silentProgress, type ProgressSink } from '../../util/progress';
import { fail, ok, formatError, type Result } from '../../util/result';
import type { Helper, Session } from '../helper';

export interface WorkspaceHooks {
  /** Called after a successful up, to start forwarding its ports. */
  afterUp(session: Session, outcome: UpOutcome): Promise<void>;
  afterDown(workspaceFolder: string): void;
}

/** Work on one workspace, serialized with the rest, recorded for the Logs tree, its progress sent to the caller. */
export async function tracked<T>(session: Session, helper: Helper, kind: OperationSummary['kind'], params: { workspaceFolder: string; progressToken?: string }, title: string, work: (progress: ProgressSink) => Promise<Result<T>>): Promise<Result<T>> {
  const id = helper.operations.start(kind, params.workspaceFolder, title);
  const progress: ProgressSink = (event) => {
    helper.operations.record(id, event);
    if (params.progressToken) session.notify('progress', { token: params.progressToken, event });
  };
  const result = await helper.serialize(params.workspaceFolder, () => work(progress));
  helper.operations.finish(id, result.ok ? 'success' : 'error', result.ok ? undefined : formatError(result.error));
  return result;
}

export function registerWorkspaceHandlers(conn: MessageConnection, session: Session, helper: Helper, hooks: WorkspaceHooks): void {
  const context = (progress: ProgressSink): RunContext => ({ engine: session.engine, env: session.env, settings: session.settings, progress, signal: session.gone });

  handle(conn, 'up', (params) =>
    tracked(session, helper, 'up', params, `up ${params.workspaceFolder}`, async (progress) => {
      helper.attachments.cancel(params.workspaceFolder);
      const r = await up({ ...params, lockfile: lockfileMode(params) }, context(progress));
      if (!r.ok) return r;
      await hooks.afterUp(session, r.value);
      return ok({ containerId: r.value.containerId, remoteUser: r.value.remoteUser, remoteWorkspaceFolder: r.value.remoteWorkspaceFolder, configuration: r.value.merged });
    }),
  );

  const downAndForget = async (params: UpParams & { remove?: boolean }, engine: Session['engine']) => {
    const r = await down(params, engine);
    if (r.ok) hooks.afterDown(params.workspaceFolder);
    return r;
  };

  handle(conn, 'down', (params) => tracked(session, helper, 'down', params, `down ${params.workspaceFolder}`, () => downAndForget(params, session.engine)));

  // shutdownAction when the last window on a folder closes, through the same down as above.
  handle(conn, 'window.attachment', (params) => helper.attachments.set(conn, params.workspaceFolder));
  handle(conn, 'window.closing', (params) => {
    const engine = session.engine;
    const downScheduled = helper.attachments.release(params.workspaceFolder, conn, params.delayMs, () =>
      tracked(session, helper, 'down', params, `down ${params.workspaceFolder} (its last window closed)`, () => downAndForget(params, engine)),
    );
    return { downScheduled };
  });

  handle(conn, 'build', (params) =>
    // The same stages as `up`, so the two never build different images.
    tracked(session, helper, 'build', params, `build ${params.workspaceFolder}`, (progress) => build({ ...params, lockfile: lockfileMode(params) }, context(progress))),
  );

  handle(conn, 'readConfiguration', async (params) => {
    const loaded = loadConfig({ ...params, env: session.env });
    if (!loaded.ok) return loaded;
    const { config, configFile, workspaceFolder, containerWorkspaceFolder, workspaceMount, devcontainerId, warnings } = loaded.value;
    let featuresConfiguration: FeaturesConfiguration | undefined;
    if (params.includeFeaturesConfiguration) {
      const order = await planFeatures(loaded.value, session.env, 'read', silentProgress);
      if (!order.ok) return order;
      featuresConfiguration = describeFeatures(order.value);
    }
    const mount = formatMount(workspaceMount);
    // `workspace` is the devcontainer CLI's shape of the same two facts.
    const workspace = { workspaceFolder: containerWorkspaceFolder, workspaceMount: mount };
    return ok({ configuration: config, workspace, configFile, workspaceFolder, containerWorkspaceFolder, workspaceMount: mount, devcontainerId, featuresConfiguration, mergedConfiguration: mergeMetadata(config, []), warnings });
  });

  handle(conn, 'features.resolveDependencies', async (params) => {
    const loaded = loadConfig({ ...params, env: session.env });
    if (!loaded.ok) return loaded;
    const order = await planFeatures(loaded.value, session.env, 'read', silentProgress);
    return order.ok ? ok({ installOrder: installOrderOf(order.value) }) : order;
  });

  handle(conn, 'validateConfiguration', (params) => checkConfigText(params.file, params.text));

  handle(conn, 'findContainer', async (params) => {
    try {
      const found = await findDevContainer(session.engine, params.workspaceFolder, params.configFile);
      return ok({ containerId: found?.Id, state: found?.State });
    } catch (err) {
      return fail({ message: (err as Error).message });
    }
  });
}
