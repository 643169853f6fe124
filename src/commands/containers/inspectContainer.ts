import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';

export async function inspectContainer(ctx: BerthContext, container: ContainerSummary): Promise<void> {
  const r = await ctx.helper.request('containers.inspect', { id: container.id });
  if (!r.ok) return void vscode.window.showErrorMessage(`Berth: ${r.error.message}`);
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(r.value, null, 2) });
  await vscode.window.showTextDocument(doc);
}
