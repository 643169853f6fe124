// Pruning images and volumes asks the same question and reports the same way.
import * as vscode from 'vscode';
import type { BerthContext } from '../berthContext';
import { formatBytes } from '../format';

export async function prune(ctx: BerthContext, what: 'images' | 'volumes', question: string): Promise<void> {
  const answer = await vscode.window.showWarningMessage(question, { modal: true }, 'Prune');
  if (answer !== 'Prune') return;
  const r = await ctx.helper.request(`${what}.prune`, {});
  if (!r.ok) return void vscode.window.showErrorMessage(`Berth: ${r.error.message}`);
  void vscode.window.showInformationMessage(`Berth: removed ${r.value.deleted} ${what}, reclaimed ${formatBytes(r.value.spaceReclaimed) || '0 B'}.`);
  ctx.trees[what].refresh();
}
