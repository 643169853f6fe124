// The VS Code servers this helper started, one per workspace: forwarded on 127.0.0.1,
// started again on the same port when their container restarts, forgotten on `down`.
import { connect } from 'node:net';
import { loadConfig } from '../config/load';
import { mergeMetadata, parseMetadataLabel } from '../config/metadata';
import type { Engine } from '../engine/engine';
import { findDevContainer } from '../engine/findContainer';
import { LABEL_METADATA } from '../config/labels';
import { readState } from '../engine/state';
import type { Caller } from '../up/context';
import type { RemoteServerInfo, RemoteServerParams } from '../rpc/protocol';
import type { ProgressSink } from '../util/progress';
import { fail, ok, toBerthError, unwrap, type Result } from '../util/result';
import type { ExtensionFailure } from '../vscodeServer/extensions';
import { handshake } from '../vscodeServer/handshake';
import { rehCacheDir, readClientProduct } from '../vscodeServer/rehBuild';
import { bringUpServer, type ServerSource } from '../vscodeServer/remoteServer';
import { readServerBits } from '../vscodeServer/serverBits';
import { vscodeCustomizations } from '../vscodeServer/vscodeCustomizations';
import { runningServer, startServer, stopServer, type ServerPlace } from '../vscodeServer/serverProcess';
import type { ForwardRegistry } from './forwardRegistry';
import { openServerPipe } from './serverPipe';

interface Entry {
  engine: Engine;
  place: ServerPlace;
  port: number;
  token: string;
  restarting?: Promise<void>;
}

const LABEL = 'VS Code server';

export class RemoteServers {
  private readonly byWorkspace = new Map<string, Entry>();
  /** Gallery installs that failed, by container: named again on each start, not retried. */
  private readonly failedExtensions = new Map<string, ExtensionFailure[]>();

  constructor(private readonly forwards: ForwardRegistry) {}

  /** `caller` is who asked: its environment reads the config, and it owns the forwards if this starts them. */
  async start(engine: Engine, caller: Caller, params: RemoteServerParams, progress: ProgressSink): Promise<Result<RemoteServerInfo>> {
    const source = serverSource(params);
    if (!source.ok) return source;
    const loaded = loadConfig({ ...params, env: caller.env });
    if (!loaded.ok) return loaded;
    const { workspaceFolder, configFile, containerWorkspaceFolder } = loaded.value;
    try {
      const found = await findDevContainer(engine, workspaceFolder, configFile);
      const user = found && readState(found.Id).remoteUser;
      if (!found || found.State !== 'running' || !user) {
        return fail({ message: `the dev container of ${workspaceFolder} is not running`, fix: `Bring it up first (Berth: Reopen in Container, or berth up --workspace-folder ${workspaceFolder}).` });
      }
      // The container's metadata holds the image's and features' entries; the config is read as it is now.
      const merged = mergeMetadata(loaded.value.config, parseMetadataLabel(found.Labels[LABEL_METADATA]).slice(0, -1));
      const server = await bringUpServer(engine, found, user, source.value, vscodeCustomizations(merged), params.hostExtensions ?? {}, this.failedExtensions.get(found.Id) ?? [], progress);
      this.failedExtensions.set(found.Id, server.extensions.failed);
      this.byWorkspace.set(workspaceFolder, { engine, place: server.place, port: server.port, token: server.token });
      await this.forwards.ensure(engine, workspaceFolder, configFile, found.Id, loaded.value.config, caller);
      const forward = unwrap(await this.forwards.get(workspaceFolder)!.add(server.port, undefined, LABEL, 'loopback'));
      // A desktop editor's window would only hear "version mismatch" from a server of another commit (one an earlier editor started).
      if (source.value.kind === 'client') unwrap(await this.check(workspaceFolder, source.value.product.commit));
      return ok({
        containerId: found.Id,
        localAddress: forward.localAddress!,
        localPort: forward.localPort!,
        token: server.token,
        remoteWorkspaceFolder: containerWorkspaceFolder,
        commit: server.bits.commit,
        version: server.bits.version,
        extensionsFailed: server.extensions.failed,
      });
    } catch (err) {
      return fail(toBerthError(err));
    }
  }

  async stop(workspaceFolder: string): Promise<Result<void>> {
    const entry = this.byWorkspace.get(workspaceFolder);
    if (!entry) return ok(undefined);
    this.byWorkspace.delete(workspaceFolder);
    this.forwards.get(workspaceFolder)?.remove(entry.port);
    try {
      await stopServer(entry.engine, entry.place);
      return ok(undefined);
    } catch (err) {
      return fail(toBerthError(err));
    }
  }

  /** A one-time byte pipe to the workspace's running server (the resolver route): a Unix socket's path. */
  async pipe(workspaceFolder: string): Promise<Result<{ path: string }>> {
    const entry = this.byWorkspace.get(workspaceFolder);
    if (!entry) return fail({ message: `no VS Code server runs for ${workspaceFolder}`, fix: 'Start it first (Berth: Reopen in Container).' });
    await entry.restarting;
    const path = await openServerPipe(entry.engine, entry.place.containerId, entry.port, (m) => process.stderr.write(`${new Date().toISOString()} VS Code server pipe of ${workspaceFolder}: ${m}\n`));
    return path.ok ? ok({ path: path.value }) : path;
  }

  /** Whether an editor of this commit gets through the server's handshake: a mismatch is named before its window opens. */
  private async check(workspaceFolder: string, commit: string): Promise<Result<void>> {
    const pipe = await this.pipe(workspaceFolder);
    if (!pipe.ok) return pipe;
    const token = this.byWorkspace.get(workspaceFolder)!.token;
    try {
      return await handshake(connect(pipe.value.path), { commit, token });
    } catch (err) {
      return fail(toBerthError(err));
    }
  }

  /** `down` stopped the container, and the server with it. */
  forget(workspaceFolder: string): void {
    this.byWorkspace.delete(workspaceFolder);
  }

  /** A restart ended the server: it comes back on its port, so the forward and open tabs carry on. */
  async containerStarted(containerId: string): Promise<void> {
    for (const entry of this.byWorkspace.values()) {
      if (entry.place.containerId !== containerId) continue;
      // One start event can reach the helper through more than one event stream: one server only.
      entry.restarting ??= (async () => {
        if (!(await runningServer(entry.engine, entry.place))) await startServer(entry.engine, entry.place, entry.port);
      })().finally(() => (entry.restarting = undefined));
      await entry.restarting;
    }
  }
}

function serverSource(params: RemoteServerParams): Result<ServerSource> {
  if (params.client) {
    const product = readClientProduct(params.client.appRoot);
    return product.ok ? ok({ kind: 'client', product: product.value, cacheDir: rehCacheDir(), tarball: params.client.tarball }) : product;
  }
  if (!params.serverRoot) return fail({ message: 'remoteServer.start needs serverRoot (code-server) or client (a desktop editor)' });
  const bits = readServerBits(params.serverRoot);
  return bits.ok ? ok({ kind: 'host', bits: bits.value, proxyUri: params.proxyUri }) : bits;
}
