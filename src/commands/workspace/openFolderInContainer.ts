import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';

export const PENDING_REOPEN = 'berth.pendingReopen';

/** Opens a folder in this window; activation then reopens it in its container. */
export async function openFolderInContainer(ctx: BerthContext): Promise<void> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Open in Container' });
  if (!picked?.[0]) return;
  await ctx.extension.globalState.update(PENDING_REOPEN, picked[0].fsPath);
  await vscode.commands.executeCommand('vscode.openFolder', picked[0]);
}
