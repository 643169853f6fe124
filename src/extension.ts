// Berth's extension: trees, commands, the Ports panel and terminals, all talking to the
// per-user runtime helper. Activation only registers things; the helper is reached on
// the first request (a view opening, a command, restoring an attachment).
import * as vscode from 'vscode';
import { registerContainerTasks } from './attach/containerTasks';
import type { BerthContext } from './berthContext';
import { registerCommands } from './commands/registerCommands';
import { bringUp } from './commands/workspace/bringUp';
import { PENDING_REOPEN } from './commands/workspace/openFolderInContainer';
import { contextEnv, DOCKER_CONTEXT_KEY } from './engine/pickDockerContext';
import { HelperConnection } from './helper/helperConnection';
import { registerConfigDiagnostics } from './diagnostics/configDiagnostics';
import { registerInspectDocuments } from './inspect/inspectDocument';
import { registerOperationLogs } from './logs/operationLogDocument';
import { registerDesktopResolver } from './remote/desktopResolver';
import { opensRemoteTabs } from './remote/openRemoteWindow';
import { readAttachment, stopsOnLeave, writeAttachment, type Attachment } from './state/attachment';
import { AttachmentStatus } from './statusBar';
import { AttachedDefaultShell } from './terminal/attachedDefaultShell';
import { attachmentShell, containerTerminalProfile } from './terminal/containerPty';
import { ContainersTree } from './tree/containers/containersTree';
import { ImagesTree } from './tree/images/imagesTree';
import { LogsTree } from './tree/logs/logsTree';
import { VolumesTree } from './tree/volumes/volumesTree';
import { PortsViewProvider, registerPortsView } from './webviews/portsViewProvider';
import { findConfigFiles } from '../runtime-helper/rpc/configLocations';
import { RebuildPrompt } from './workspace/rebuildPrompt';

export function activate(context: vscode.ExtensionContext): BerthContext {
  const log = vscode.window.createOutputChannel('Berth', { log: true });
  const helperScript = () => vscode.workspace.getConfiguration('berth').get<string>('helperPath') || context.asAbsolutePath('dist/berth.js');
  const helper = new HelperConnection(helperScript, log);
  // The Docker context chosen in an earlier session (Berth: Switch Docker Context…).
  helper.useEnv(contextEnv(context.globalState.get<string>(DOCKER_CONTEXT_KEY)));
  const status = new AttachmentStatus(helper);
  const rebuildPrompt = new RebuildPrompt(helper, log);
  const attachment = () => readAttachment(context);
  const defaultShell = new AttachedDefaultShell(helper, attachment);

  // The helper applies shutdownAction when the last window on a container closes: it learns who is attached.
  const announce = () => {
    const a = attachment();
    void helper.request('window.attachment', { workspaceFolder: a?.kind === 'devcontainer' ? a.workspaceFolder : undefined });
  };
  const setAttachment = async (a: Attachment | undefined) => {
    await writeAttachment(context, a);
    await vscode.commands.executeCommand('setContext', 'berth.attached', Boolean(a));
    status.show(a);
    defaultShell.follow(a);
    void rebuildPrompt.watch(a).catch((err) => log.warn(`Not watching the config for changes: ${(err as Error).message}`));
    announce();
  };

  const ctx: BerthContext = {
    extension: context,
    helper,
    log,
    attachment,
    attach: setAttachment,
    detach: () => setAttachment(undefined),
    status,
    trees: { containers: new ContainersTree(helper), images: new ImagesTree(helper), volumes: new VolumesTree(helper), logs: new LogsTree(helper) },
    ports: new PortsViewProvider(context.extensionUri, helper, attachment, log),
  };

  context.subscriptions.push(
    log,
    status,
    defaultShell,
    rebuildPrompt,
    helper.onDidReconnect(announce),
    ...Object.values(ctx.trees),
    containersView(ctx.trees.containers),
    vscode.window.registerTreeDataProvider('berth.images', ctx.trees.images),
    vscode.window.registerTreeDataProvider('berth.volumes', ctx.trees.volumes),
    vscode.window.registerTreeDataProvider('berth.logs', ctx.trees.logs),
    registerPortsView(ctx.ports),
    registerOperationLogs(helper),
    registerContainerTasks(helperScript, attachment),
    registerInspectDocuments(helper),
    registerConfigDiagnostics(helper, log),
    vscode.window.registerTerminalProfileProvider('berth.containerShell', {
      provideTerminalProfile: () => {
        const a = attachment();
        if (!a) throw new Error('Berth: this window is not attached to a container. Run "Berth: Reopen in Container" first.');
        return containerTerminalProfile(helper, attachmentShell(a, attachment));
      },
    }),
    ...registerCommands(ctx),
  );

  // Desktop editors (VSCodium) open the container in a window of its own, through Berth's resolver.
  if (!opensRemoteTabs()) registerDesktopResolver(ctx, context);
  void restore(ctx).catch((err) => log.error(`Restoring the attachment failed: ${(err as Error).message}`));
  // Not a subscription: VS Code disposes those right after calling deactivate, which would
  // cut the connection before the helper hears that the window closes.
  closing = () => windowClosing(ctx).finally(() => helper.dispose());
  return ctx;
}

/** The Containers view; its live stats stream only while it is visible. */
function containersView(tree: ContainersTree): vscode.Disposable {
  const view = vscode.window.createTreeView('berth.containers', { treeDataProvider: tree });
  tree.showStats(view.visible);
  return vscode.Disposable.from(view, view.onDidChangeVisibility((e) => tree.showStats(e.visible)));
}

/** What deactivate does: tell the helper, then disconnect. Set when the extension activates. */
let closing: (() => Promise<unknown>) | undefined;

/**
 * The helper applies shutdownAction after a grace period, unless a window attaches again (a
 * reload). BERTH_SHUTDOWN_GRACE_MS shortens it for the e2e test that closes the page.
 */
const SHUTDOWN_GRACE_MS = Number(process.env.BERTH_SHUTDOWN_GRACE_MS) || 60_000;

async function windowClosing(ctx: BerthContext): Promise<void> {
  const a = ctx.attachment();
  if (a?.kind !== 'devcontainer' || !stopsOnLeave(a)) return;
  await ctx.helper.request('window.closing', { workspaceFolder: a.workspaceFolder, configFile: a.configFile, delayMs: SHUTDOWN_GRACE_MS });
}

/** After a reload the window comes back attached; a folder with a config offers to reopen. */
async function restore(ctx: BerthContext): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const pending = ctx.extension.globalState.get<string>(PENDING_REOPEN);
  if (folder && pending === folder) {
    await ctx.extension.globalState.update(PENDING_REOPEN, undefined);
    return void vscode.commands.executeCommand('berth.reopenInContainer');
  }
  const attached = ctx.attachment();
  if (attached) return reattach(ctx, attached);
  await vscode.commands.executeCommand('setContext', 'berth.attached', false);
  if (!folder || !findConfigFiles(folder).length || !vscode.workspace.getConfiguration('berth').get('promptToReopen', true)) return;
  const choice = await vscode.window.showInformationMessage('Folder contains a Dev Container configuration file. Reopen folder to develop in a container?', 'Reopen in Container', "Don't Show Again");
  if (choice === 'Reopen in Container') await vscode.commands.executeCommand('berth.reopenInContainer');
  if (choice === "Don't Show Again") await vscode.workspace.getConfiguration('berth').update('promptToReopen', false, vscode.ConfigurationTarget.Global);
}

/** The container must still exist: running, the window re-attaches; stopped, up starts it again. */
async function reattach(ctx: BerthContext, attached: Attachment): Promise<void> {
  const list = await ctx.helper.request('containers.list', {});
  const container = list.ok ? list.value.find((c) => c.id === attached.containerId) : undefined;
  if (container?.state === 'running') return ctx.attach(attached);
  if (container && attached.kind === 'devcontainer') {
    ctx.log.info(`${attached.name} is ${container.state}; starting it again.`);
    return void bringUp(ctx, { workspaceFolder: attached.workspaceFolder, configFile: attached.configFile });
  }
  ctx.log.warn(list.ok ? `The container ${attached.name} (${attached.containerId.slice(0, 12)}) is gone; the window is local again.` : `Cannot check the container: ${list.error.message}`);
  if (list.ok) await ctx.detach();
}

export function deactivate(): Promise<unknown> | undefined {
  // The helper outlives the window on purpose: forwards stay up across reloads, and it
  // applies shutdownAction once no window has come back to the container.
  return closing?.().catch(() => undefined);
}
