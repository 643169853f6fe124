import * as vscode from 'vscode';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';
import { bringUp } from './bringUp';

export async function reopenInContainer(ctx: BerthContext): Promise<void> {
  const folder = workspaceFolderPath(vscode);
  if (!folder) return void vscode.window.showWarningMessage('Berth: open a folder with a dev container configuration first.');
  await bringUp(ctx, { workspaceFolder: folder });
}
