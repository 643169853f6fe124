// Start, stop, restart and remove share one path: ask the helper, report a failure.
import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';

export async function containerAction(ctx: BerthContext, container: Pick<ContainerSummary, 'id' | 'name'>, action: 'start' | 'stop' | 'restart' | 'remove'): Promise<void> {
  const r = await ctx.helper.request('containers.action', { id: container.id, action });
  if (!r.ok) void vscode.window.showErrorMessage(`Berth: cannot ${action} ${container.name}: ${r.error.message}`);
  ctx.trees.containers.refresh();
}
