import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import { unwrap } from '../../../runtime-helper/util/result';
import type { BerthContext } from '../../berthContext';

/** Opens a published port of the container, or one of its Berth forwards. */
export async function openInBrowser(ctx: BerthContext, container: ContainerSummary): Promise<void> {
  const forwards = unwrap(await ctx.helper.request('ports.list', {})).filter((p) => p.containerId === container.id && p.localAddress);
  const published = container.ports.filter((p) => p.hostPort).map((p) => ({ label: `${p.hostIp && p.hostIp !== '0.0.0.0' ? p.hostIp : '127.0.0.1'}:${p.hostPort}`, description: `container port ${p.containerPort}` }));
  const choices = [...forwards.map((f) => ({ label: f.localAddress!, description: `forwarded from ${f.containerPort}` })), ...published];
  if (!choices.length) return void vscode.window.showInformationMessage(`Berth: ${container.name} has no published or forwarded ports.`);
  const pick = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { placeHolder: 'Open which address?' });
  if (pick) await vscode.env.openExternal(vscode.Uri.parse(`http://${pick.label}`));
}
