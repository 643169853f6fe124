import * as vscode from 'vscode';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';
import { openDesktopWindow } from '../../remote/desktopResolver';
import { openRemoteWindow, opensRemoteTabs } from '../../remote/openRemoteWindow';
import { bringUp } from './bringUp';

export async function reopenInContainer(ctx: BerthContext): Promise<void> {
  const folder = workspaceFolderPath(vscode);
  if (!folder) return void vscode.window.showWarningMessage('Berth: open a folder with a dev container configuration first.');
  if (!(await bringUp(ctx, { workspaceFolder: folder }))) return;
  // Attached mode stays in this tab either way: it is the fallback when the server cannot run.
  const attached = ctx.attachment();
  if (!attached) return;
  const target = { workspaceFolder: attached.workspaceFolder, configFile: attached.configFile };
  await (opensRemoteTabs() ? openRemoteWindow(ctx, target) : openDesktopWindow(ctx, target));
}
