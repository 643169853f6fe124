import * as vscode from 'vscode';
import { unwrap } from '../../../runtime-helper/util/result';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';
import { attachmentShell, containerTerminalOptions } from '../../terminal/containerPty';

/** Attaches this window to any running container: terminals and the status bar follow it. */
export async function attachToContainer(ctx: BerthContext): Promise<void> {
  const running = unwrap(await ctx.helper.request('containers.list', {})).filter((c) => c.state === 'running');
  if (!running.length) return void vscode.window.showInformationMessage('Berth: no running containers.');
  const pick = await vscode.window.showQuickPick(
    running.map((c) => ({ label: c.name, description: c.image, detail: c.localFolder ?? c.composeProject, container: c })),
    { placeHolder: 'Attach to which container?', title: 'Attach to Running Container' },
  );
  if (!pick) return;
  const c = pick.container;
  const attachment = c.localFolder
    ? { kind: 'devcontainer' as const, workspaceFolder: c.localFolder, configFile: c.labels['devcontainer.config_file'], containerId: c.id, name: c.name, shutdownAction: 'none' as const }
    : { kind: 'container' as const, workspaceFolder: workspaceFolderPath(vscode) ?? '', containerId: c.id, name: c.name, shutdownAction: 'none' as const };
  await ctx.attach(attachment);
  ctx.log.info(`Attached to ${c.name} (${c.id.slice(0, 12)})`);
  vscode.window.createTerminal(containerTerminalOptions(ctx.helper, attachmentShell(attachment, ctx.attachment))).show();
}
