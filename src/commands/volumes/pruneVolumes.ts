import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';
import { formatBytes } from '../../tree/grouping';

export async function pruneVolumes(ctx: BerthContext): Promise<void> {
  const ok = await vscode.window.showWarningMessage('Remove every volume no container uses? Their data is lost.', { modal: true }, 'Prune');
  if (ok !== 'Prune') return;
  const r = await ctx.helper.request('volumes.prune', {});
  if (!r.ok) return void vscode.window.showErrorMessage(`Berth: ${r.error.message}`);
  void vscode.window.showInformationMessage(`Berth: removed ${r.value.deleted} volumes, reclaimed ${formatBytes(r.value.spaceReclaimed) || '0 B'}.`);
  ctx.trees.volumes.refresh();
}
