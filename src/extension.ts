// Berth's extension: trees, commands, the Ports panel and terminals, all talking to the
// per-user runtime helper. Activation only registers things; the helper is reached lazily.
import * as vscode from 'vscode';
import { discoverConfigs } from '../runtime-helper/config/discover';
import type { BerthContext } from './berthContext';
import { PENDING_REOPEN } from './commands/workspace/openFolderInContainer';
import { registerCommands } from './commands/registerCommands';
import { HelperConnection } from './helper/helperConnection';
import { readAttachment, writeAttachment, type Attachment } from './state/attachment';
import { createStatusBar } from './statusBar';
import { routeTasksToContainer } from './tasks';
import { containerTerminalOptions } from './terminal/containerPty';
import { ContainersTree } from './tree/containers/containersTree';
import { ImagesTree } from './tree/images/imagesTree';
import { LogsTree } from './tree/logs/logsTree';
import { VolumesTree } from './tree/volumes/volumesTree';
import { PortsViewProvider } from './webviews/portsViewProvider';

export function activate(context: vscode.ExtensionContext): BerthContext {
  const log = vscode.window.createOutputChannel('Berth', { log: true });
  const helperScript = context.asAbsolutePath('dist/berth.js');
  const helper = new HelperConnection(helperScript, log);
  const status = createStatusBar();
  const attachment = () => readAttachment(context);
  const ports = new PortsViewProvider(context.extensionUri, helper, attachment);

  const setAttachment = async (a: Attachment | undefined) => {
    await writeAttachment(context, a);
    await vscode.commands.executeCommand('setContext', 'berth.attached', Boolean(a));
    status.show(a);
    void ports.update();
    await routeTasksToContainer(helperScript, a).catch((err) => log.warn(`Tasks stay local: ${(err as Error).message}`));
  };

  const ctx: BerthContext = {
    extension: context,
    helper,
    log,
    attachment,
    attach: setAttachment,
    detach: () => setAttachment(undefined),
    ports,
    trees: { containers: new ContainersTree(helper), images: new ImagesTree(helper), volumes: new VolumesTree(helper), logs: new LogsTree(helper) },
  };

  context.subscriptions.push(
    log,
    helper,
    status.item,
    ports,
    ...Object.values(ctx.trees),
    vscode.window.registerTreeDataProvider('berth.containers', ctx.trees.containers),
    vscode.window.registerTreeDataProvider('berth.images', ctx.trees.images),
    vscode.window.registerTreeDataProvider('berth.volumes', ctx.trees.volumes),
    vscode.window.registerTreeDataProvider('berth.logs', ctx.trees.logs),
    vscode.window.registerWebviewViewProvider('berth.ports', ports),
    vscode.window.registerTerminalProfileProvider('berth.containerShell', {
      provideTerminalProfile: () => {
        const a = attachment();
        if (!a) throw new Error('Berth: this window is not attached to a dev container.');
        return new vscode.TerminalProfile(containerTerminalOptions(helper, a));
      },
    }),
    ...registerCommands(ctx),
  );

  void restore(ctx, setAttachment);
  return ctx;
}

/** After a reload the window comes back attached; a folder with a config offers to reopen. */
async function restore(ctx: BerthContext, setAttachment: (a: Attachment | undefined) => Promise<void>): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const pending = ctx.extension.globalState.get<string>(PENDING_REOPEN);
  if (folder && pending === folder) {
    await ctx.extension.globalState.update(PENDING_REOPEN, undefined);
    return void vscode.commands.executeCommand('berth.reopenInContainer');
  }
  const attached = ctx.attachment();
  if (attached) {
    const found = await ctx.helper.request('findContainer', { workspaceFolder: attached.workspaceFolder }).catch(() => undefined);
    if (found?.ok && found.value.containerId === attached.containerId && found.value.state === 'running') return setAttachment(attached);
    if (found?.ok && found.value.containerId) return void vscode.commands.executeCommand('berth.reopenInContainer');
    return setAttachment(undefined);
  }
  if (!folder || !discoverConfigs(folder).length || !vscode.workspace.getConfiguration('berth').get('promptToReopen', true)) return;
  const choice = await vscode.window.showInformationMessage('Folder contains a Dev Container configuration file. Reopen folder to develop in a container?', 'Reopen in Container', "Don't Show Again");
  if (choice === 'Reopen in Container') await vscode.commands.executeCommand('berth.reopenInContainer');
  if (choice === "Don't Show Again") await vscode.workspace.getConfiguration('berth').update('promptToReopen', false, vscode.ConfigurationTarget.Global);
}

export function deactivate(): void {
  // The helper outlives the window on purpose: forwards stay up across reloads.
}
