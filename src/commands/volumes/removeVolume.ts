import * as vscode from 'vscode';
import type { VolumeSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import { reportFailure } from '../failure';

export async function removeVolume(ctx: BerthContext, volume: VolumeSummary): Promise<void> {
  const ok = await vscode.window.showWarningMessage(`Remove the volume ${volume.name} and its data?`, { modal: true }, 'Remove');
  if (ok !== 'Remove') return;
  const r = await ctx.helper.request('volumes.remove', { name: volume.name });
  if (!r.ok) void reportFailure(ctx, r.error);
  ctx.trees.volumes.refresh();
}
