// VSCodium route of Reopen in Container: a remote-authority resolver (proposed API
// `resolvers`) for `berth-container+<hex>`, whose connection is a byte pipe through the helper
// to the VS Code server in the container (the REH build of this editor's commit). Where the
// editor does not enable the proposal, Berth says which argv.json line to add and stays attached.
import { connect } from 'node:net';
import * as vscode from 'vscode';
import { formatError } from '../../runtime-helper/util/result';
import type { BerthContext } from '../berthContext';
import { AUTHORITY_PREFIX, argvLine, containerAuthority, EXTENSION_ID, workspaceOfAuthority } from './containerAuthority';

/** The part of the proposed `resolvers` API Berth uses (vscode.proposed.resolvers.d.ts). */
interface ManagedMessagePassing {
  onDidReceiveMessage: vscode.Event<Uint8Array>;
  onDidClose: vscode.Event<Error | undefined>;
  onDidEnd: vscode.Event<void>;
  send(data: Uint8Array): void;
  end(): void;
}
interface ResolverApi {
  registerRemoteAuthorityResolver(prefix: string, resolver: { resolve(authority: string): Promise<unknown> }): vscode.Disposable;
}
type ManagedResolvedAuthorityClass = new (makeConnection: () => Thenable<ManagedMessagePassing>, connectionToken?: string) => unknown;

let registered = false;

/** Registers the resolver; false when the editor does not let this extension use the proposal. */
export function registerDesktopResolver(ctx: BerthContext, context: vscode.ExtensionContext): boolean {
  try {
    // Reading a proposed API the editor did not enable for this extension throws.
    const api = vscode.workspace as unknown as Partial<ResolverApi>;
    const Resolved = (vscode as unknown as { ManagedResolvedAuthority?: ManagedResolvedAuthorityClass }).ManagedResolvedAuthority;
    if (typeof api.registerRemoteAuthorityResolver !== 'function' || !Resolved) return false;
    context.subscriptions.push(api.registerRemoteAuthorityResolver(AUTHORITY_PREFIX, { resolve: (authority) => resolve(ctx, Resolved, authority) }));
    registered = true;
  } catch {
    registered = false;
  }
  return registered;
}

/** Whether this editor's Reopen in Container opens a window on the server in the container (else it stays attached). */
export function desktopResolverRegistered(): boolean {
  return registered;
}

async function resolve(ctx: BerthContext, Resolved: ManagedResolvedAuthorityClass, authority: string): Promise<unknown> {
  const workspaceFolder = workspaceOfAuthority(authority);
  if (!workspaceFolder) throw new Error(`${authority} is not a Berth container`);
  const started = await ctx.helper.request('remoteServer.start', { workspaceFolder, client: { appRoot: vscode.env.appRoot, tarball: tarballSetting() } });
  if (!started.ok) {
    ctx.log.error(formatError(started.error));
    throw new Error(formatError(started.error));
  }
  for (const f of started.value.extensionsFailed) ctx.log.warn(`Extension ${f.id} was not installed in the container: ${f.reason}`);
  return new Resolved(() => openPipe(ctx, workspaceFolder), started.value.token);
}

/** One connection of the window: a fresh pipe through the helper, as the editor's messages. */
async function openPipe(ctx: BerthContext, workspaceFolder: string): Promise<ManagedMessagePassing> {
  const pipe = await ctx.helper.request('remoteServer.pipe', { workspaceFolder });
  if (!pipe.ok) throw new Error(formatError(pipe.error));
  const socket = connect(pipe.value.path);
  const received = new vscode.EventEmitter<Uint8Array>();
  const closed = new vscode.EventEmitter<Error | undefined>();
  const ended = new vscode.EventEmitter<void>();
  socket.on('data', (d: Buffer) => received.fire(d));
  socket.on('end', () => ended.fire());
  let error: Error | undefined;
  socket.on('error', (err) => (error = err));
  socket.on('close', () => closed.fire(error));
  await new Promise<void>((ok, fail) => {
    socket.once('connect', ok);
    socket.once('error', fail);
  });
  return { onDidReceiveMessage: received.event, onDidClose: closed.event, onDidEnd: ended.event, send: (d) => socket.write(d), end: () => socket.end() };
}

/** After `up` in a desktop editor: the container's own window, or why not and attached mode. */
export async function openDesktopWindow(ctx: BerthContext, target: { workspaceFolder: string; configFile?: string }): Promise<boolean> {
  if (!registered) {
    const line = argvLine(EXTENSION_ID);
    ctx.log.info(`A remote window needs the proposed API "resolvers": add ${line} to argv.json and restart the editor. Staying attached.`);
    void vscode.window.showInformationMessage(`Berth: for a window that runs in the container, add ${line} to argv.json (Preferences: Configure Runtime Arguments) and restart. This window stays attached to the container.`, 'Copy Line').then((c) => c && vscode.env.clipboard.writeText(line));
    return false;
  }
  // Started here, where its progress and errors show; the new window's resolver finds it running.
  const started = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Berth: Starting VS Code in the container' }, () =>
    ctx.helper.request('remoteServer.start', { ...target, client: { appRoot: vscode.env.appRoot, tarball: tarballSetting() } }),
  );
  if (!started.ok) {
    ctx.log.error(formatError(started.error));
    void vscode.window.showErrorMessage(`Berth: the container's VS Code window could not start: ${formatError(started.error).replace(/\s*\n\s*/g, ' ')} The window stays attached to the container.`, 'Show Log').then((c) => c && ctx.log.show());
    return false;
  }
  const uri = vscode.Uri.from({ scheme: 'vscode-remote', authority: containerAuthority(target.workspaceFolder), path: started.value.remoteWorkspaceFolder });
  await vscode.commands.executeCommand('vscode.openFolder', uri, { forceReuseWindow: true });
  return true;
}

/** berth.remoteServer.tarball: the server build for offline machines. */
function tarballSetting(): string | undefined {
  return vscode.workspace.getConfiguration('berth').get<string>('remoteServer.tarball') || undefined;
}
