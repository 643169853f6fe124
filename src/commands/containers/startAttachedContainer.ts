import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';
import { containerAction } from './containerAction';

/** Starts the window's container again after it stopped outside Berth. */
export async function startAttachedContainer(ctx: BerthContext): Promise<void> {
  const a = ctx.attachment();
  if (!a) return void vscode.window.showInformationMessage('Berth: this window is not attached to a container.');
  await containerAction(ctx, { id: a.containerId, name: a.name }, 'start');
}
