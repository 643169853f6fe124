import * as vscode from 'vscode';
import type { BerthContext } from '../../berthContext';
import { openLogViewer } from '../../webviews/logViewerPanel';

/** The attached container's log, or a container picked from the list. */
export async function showContainerLog(ctx: BerthContext): Promise<void> {
  const attached = ctx.attachment();
  if (attached) return openLogViewer(ctx.extension.extensionUri, ctx.helper, { kind: 'container', containerId: attached.containerId, name: attached.name });
  const list = await ctx.helper.request('containers.list', {});
  if (!list.ok) return void vscode.window.showErrorMessage(`Berth: ${list.error.message}`);
  const pick = await vscode.window.showQuickPick(list.value.map((c) => ({ label: c.name, description: `${c.image} · ${c.state}`, container: c })), { placeHolder: 'Show the log of which container?' });
  if (pick) openLogViewer(ctx.extension.extensionUri, ctx.helper, { kind: 'container', containerId: pick.container.id, name: pick.container.name });
}
