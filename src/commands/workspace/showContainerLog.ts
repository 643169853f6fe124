import * as vscode from 'vscode';
import { unwrap } from '../../../runtime-helper/util/result';
import type { BerthContext } from '../../berthContext';
import { openLogViewer } from '../../webviews/logViewerPanel';

/** The attached container's log, or a container picked from the list. */
export async function showContainerLog(ctx: BerthContext): Promise<void> {
  const attached = ctx.attachment();
  if (attached) return void openLogViewer(ctx.extension, ctx.helper, attached.containerId, attached.name);
  const containers = unwrap(await ctx.helper.request('containers.list', {}));
  if (!containers.length) return void vscode.window.showInformationMessage('Berth: there are no containers.');
  const pick = await vscode.window.showQuickPick(containers.map((c) => ({ label: c.name, description: `${c.image} · ${c.state}`, container: c })), { placeHolder: 'Show the log of which container?' });
  if (pick) openLogViewer(ctx.extension, ctx.helper, pick.container.id, pick.container.name);
}
