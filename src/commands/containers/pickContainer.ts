import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';

/** The container a palette command means: the attached one, else one the user picks from the list (running ones only, if asked). */
export async function attachedOrPicked(ctx: BerthContext, placeHolder: string, runningOnly = false): Promise<{ id: string; name: string } | undefined> {
  const attached = ctx.attachment();
  if (attached) return { id: attached.containerId, name: attached.name };
  const list = await ctx.helper.request('containers.list', {});
  if (!list.ok) return void vscode.window.showErrorMessage(`Berth: ${list.error.message}`);
  const containers = list.value.filter((c: ContainerSummary) => !runningOnly || c.state === 'running');
  if (!containers.length) return void vscode.window.showInformationMessage(`Berth: there are no ${runningOnly ? 'running ' : ''}containers.`);
  const pick = await vscode.window.showQuickPick(containers.map((c) => ({ label: c.name, description: `${c.image} · ${c.state}`, container: c })), { placeHolder });
  return pick?.container;
}
