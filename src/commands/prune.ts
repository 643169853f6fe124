// Pruning images and volumes asks the same question and reports the same way.
import * as vscode from 'vscode';
import type { BerthContext } from '../berthContext';
import { unwrap } from '../../runtime-helper/util/result';
import { formatBytes } from '../format';

export async function prune(ctx: BerthContext, what: 'images' | 'volumes', question: string): Promise<void> {
  const answer = await vscode.window.showWarningMessage(question, { modal: true }, 'Prune');
  if (answer !== 'Prune') return;
  const pruned = unwrap(await ctx.helper.request(`${what}.prune`, {}));
  void vscode.window.showInformationMessage(`Berth: removed ${pruned.deleted} ${what}, reclaimed ${formatBytes(pruned.spaceReclaimed) || '0 B'}.`);
  ctx.trees[what].refresh();
}
