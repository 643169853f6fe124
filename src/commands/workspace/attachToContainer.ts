import * as vscode from 'vscode';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';
import { containerTerminalOptions } from '../../terminal/containerPty';

export async function attachToContainer(ctx: BerthContext): Promise<void> {
  const list = await ctx.helper.request('containers.list', {});
  if (!list.ok) return void vscode.window.showErrorMessage(`Berth: ${list.error.message}`);
  const running = list.value.filter((c) => c.state === 'running');
  if (!running.length) return void vscode.window.showInformationMessage('Berth: no running containers.');
  const pick = await vscode.window.showQuickPick(
    running.map((c) => ({ label: c.name, description: c.image, detail: c.localFolder, container: c })),
    { placeHolder: 'Attach to which container?' },
  );
  if (!pick) return;
  await ctx.attach({
    workspaceFolder: pick.container.localFolder ?? workspaceFolderPath(vscode) ?? '/',
    containerId: pick.container.id,
    name: pick.container.name,
    remoteUser: '',
    remoteWorkspaceFolder: '',
    shutdownAction: 'none',
  });
  vscode.window.createTerminal(containerTerminalOptions(ctx.helper, { workspaceFolder: pick.container.localFolder ?? '', containerId: pick.container.id, name: pick.container.name })).show();
}
