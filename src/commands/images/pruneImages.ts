import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';
import { formatBytes } from '../../tree/grouping';

export async function pruneImages(ctx: BerthContext): Promise<void> {
  const ok = await vscode.window.showWarningMessage('Remove every dangling (untagged) image?', { modal: true }, 'Prune');
  if (ok !== 'Prune') return;
  const r = await ctx.helper.request('images.prune', {});
  if (!r.ok) return void vscode.window.showErrorMessage(`Berth: ${r.error.message}`);
  void vscode.window.showInformationMessage(`Berth: removed ${r.value.deleted} images, reclaimed ${formatBytes(r.value.spaceReclaimed) || '0 B'}.`);
  ctx.trees.images.refresh();
}
