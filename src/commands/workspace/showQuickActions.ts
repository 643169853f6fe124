import * as vscode from 'vscode';
import { quickActions } from '../../attach/quickActions';
import type { BerthContext } from '../../berthContext';

export async function showQuickActions(ctx: BerthContext): Promise<void> {
  const attached = ctx.attachment();
  const pick = await vscode.window.showQuickPick(quickActions(Boolean(attached), ctx.status.containerState === 'running' ? undefined : ctx.status.containerState), { placeHolder: attached ? `Berth: attached to ${attached.name}` : 'Berth' });
  if (pick) await vscode.commands.executeCommand(pick.command);
}
