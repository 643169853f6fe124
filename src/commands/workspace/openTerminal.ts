import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';
import { attachmentShell, containerTerminalOptions } from '../../terminal/containerPty';

export function openTerminal(ctx: BerthContext): void {
  const attached = ctx.attachment();
  if (!attached) return void vscode.window.showWarningMessage('Berth: attach to a dev container first (Berth: Reopen in Container).');
  vscode.window.createTerminal(containerTerminalOptions(ctx.helper, attachmentShell(attached, ctx.attachment))).show();
}
