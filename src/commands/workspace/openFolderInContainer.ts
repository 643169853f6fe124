import * as vscode from 'vscode';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';
import { findConfigFiles } from '../../../runtime-helper/rpc/configLocations';
import { bringUp } from './bringUp';

export const PENDING_REOPEN = 'berth.pendingReopen';

/** Opens a folder in this window; activation (the folder has a config) then reopens it in its container. */
export async function openFolderInContainer(ctx: BerthContext): Promise<void> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Open in Container', title: 'Open Folder in Container' });
  const folder = picked?.[0];
  if (!folder) return;
  if (!findConfigFiles(folder.fsPath).length) {
    return void vscode.window.showErrorMessage(`Berth: ${folder.fsPath} has no .devcontainer/devcontainer.json or .devcontainer.json. Open it, then run "Berth: Add Dev Container Configuration Files…".`);
  }
  if (folder.fsPath === workspaceFolderPath(vscode)) return void bringUp(ctx, { workspaceFolder: folder.fsPath });
  await ctx.extension.globalState.update(PENDING_REOPEN, folder.fsPath);
  await vscode.commands.executeCommand('vscode.openFolder', folder);
}
