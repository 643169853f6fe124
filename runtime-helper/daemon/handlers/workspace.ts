// Requests about one workspace's dev container: up, down, build, read-configuration.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { composeBuild } from '../../compose/build';
import { checkConfigText } from '../../config/check';
import { loadConfig, resolveBuildPaths } from '../../config/load';
import { sourceKind } from '../../config/sourceKind';
import { mergeMetadata } from '../../config/metadata';
import { buildImage } from '../../engine/build';
import { down } from '../../engine/down';
import { findDevContainer } from '../../engine/findContainer';
import { builtImageName } from '../../engine/imageName';
import { ensureImage } from '../../engine/pull';
import { lockfileMode } from '../../features/lockfile';
import { describeFeatures, installOrderOf, type FeaturesConfiguration } from '../../features/describe';
import { extendImage, planFeatures } from '../../features/stage';
import { formatMount } from '../../config/mounts';
import { up, type UpOutcome } from '../../engine/up';
import type { OperationSummary, UpParams } from '../../rpc/protocol';
import { silentProgress, type ProgressSink } from '../../util/progress';
import { fail, ok, formatError, type Result } from '../../util/result';
import type { Helper, Session } from '../helper';

export interface WorkspaceHooks {
  /** Called after a successful up, to start forwarding its ports. */
  afterUp(session: Session, outcome: UpOutcome): Promise<void>;
  afterDown(workspaceFolder: string): void;
}

export function registerWorkspaceHandlers(conn: MessageConnection, session: Session, helper: Helper, hooks: WorkspaceHooks): void {
  const tracked = async <T>(kind: OperationSummary['kind'], params: UpParams, title: string, work: (progress: ProgressSink) => Promise<Result<T>>): Promise<Result<T>> => {
    const id = helper.operations.start(kind, params.workspaceFolder, title);
    const progress: ProgressSink = (event) => {
      helper.operations.record(id, event);
      if (params.progressToken) session.notify('progress', { token: params.progressToken, event });
    };
    const result = await helper.serialize(params.workspaceFolder, () => work(progress));
    helper.operations.finish(id, result.ok ? 'success' : 'error', result.ok ? undefined : formatError(result.error));
    return result;
  };

  handle(conn, 'up', (params) =>
    tracked('up', params, `up ${params.workspaceFolder}`, async (progress) => {
      helper.attachments.cancel(params.workspaceFolder);
      const r = await up({ ...params, env: session.env, signal: session.gone, lockfile: lockfileMode(params) }, progress, session.engine);
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

  handle(conn, 'down', (params) => tracked('down', params, `down ${params.workspaceFolder}`, () => downAndForget(params, session.engine)));

  // shutdownAction when the last window on a folder closes, through the same down as above.
  handle(conn, 'window.attachment', (params) => helper.attachments.set(conn, params.workspaceFolder));
  handle(conn, 'window.closing', (params) => {
    const engine = session.engine;
    const downScheduled = helper.attachments.release(params.workspaceFolder, conn, params.delayMs, () =>
      tracked('down', params, `down ${params.workspaceFolder} (its last window closed)`, () => downAndForget(params, engine)),
    );
    return { downScheduled };
  });

  handle(conn, 'build', (params) =>
    tracked('build', params, `build ${params.workspaceFolder}`, async (progress) => {
      const loaded = loadConfig({ ...params, env: session.env });
      if (!loaded.ok) return loaded;
      if (sourceKind(loaded.value.config) === 'compose') return composeBuild(session.engine, loaded.value, { env: session.env, buildNoCache: params.buildNoCache, dockerComposePath: params.dockerComposePath, signal: session.gone }, progress);
      const paths = resolveBuildPaths(loaded.value);
      if (!paths.ok) return paths;
      const { config } = loaded.value;
      const hasFeatures = Object.keys(config.features ?? {}).length > 0;
      if (!paths.value && !hasFeatures) return ok({ imageName: config.image ?? '' });
      const docker = session.engine.docker;
      const at = (property: string) => ({ file: loaded.value.configFile, ...loaded.value.locate(property), property });
      let base: string;
      if (paths.value) {
        const b = config.build ?? {};
        const built = await buildImage(docker, { ...paths.value, imageName: builtImageName(loaded.value.workspaceFolder), args: b.args, target: b.target, cacheFrom: b.cacheFrom, options: b.options, noCache: params.buildNoCache, signal: session.gone }, progress, at('build.dockerfile'));
        if (!built.ok || !hasFeatures) return built;
        base = built.value.imageName;
      } else {
        const pulled = await ensureImage(docker, config.image!, progress, at('image'), session.env);
        if (!pulled.ok) return pulled;
        base = config.image!;
      }
      // The same extension stage as `up`, so the two never build different images.
      const extended = await extendImage(docker, { image: base, imageInfo: await docker.getImage(base).inspect(), loaded: loaded.value, env: session.env, lockfile: lockfileMode(params), noCache: params.buildNoCache, signal: session.gone }, progress);
      return extended.ok ? ok({ imageName: extended.value.image }) : extended;
    }),
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
      const found = await findDevContainer(session.engine.docker, params.workspaceFolder, params.configFile);
      return ok({ containerId: found?.Id, state: found?.State });
    } catch (err) {
      return fail({ message: (err as Error).message });
    }
  });
}
