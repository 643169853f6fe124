import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';
import { stopsOnLeave } from '../../state/attachment';
import { reportFailure } from '../failure';

/** Detaches the window and applies shutdownAction (stopping the container by default). */
export async function reopenLocally(ctx: BerthContext): Promise<void> {
  const attached = ctx.attachment();
  if (!attached) return void vscode.window.showInformationMessage('Berth: this window is not attached to a container.');
  await ctx.detach();
  if (stopsOnLeave(attached)) {
    const r = await ctx.helper.request('down', { workspaceFolder: attached.workspaceFolder, configFile: attached.configFile });
    if (!r.ok) void reportFailure(ctx, r.error);
  }
  ctx.log.info(`Reopened ${attached.workspaceFolder} locally (shutdownAction: ${attached.shutdownAction ?? 'stopContainer'})`);
}
