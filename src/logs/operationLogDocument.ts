// A Berth operation's log (up, build, down) as a read-only document: its phases, their
// cost and the hooks' output, fetched from the helper when opened.
import * as vscode from 'vscode';
import type { OperationSummary } from '../../runtime-helper/rpc/protocol';
import type { HelperConnection } from '../helper/helperConnection';
import { operationLogText } from './operationLogText';

const SCHEME = 'berth-operation';

export function registerOperationLogs(helper: HelperConnection): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    async provideTextDocumentContent(uri) {
      const id = uri.path.split('/')[1];
      const [log, list] = await Promise.all([helper.request('operations.log', { id }), helper.request('operations.list', {})]);
      if (!log.ok) return `${log.error.message}\n${log.error.fix ?? ''}\n`;
      const op = list.find((o) => o.id === id);
      return op ? operationLogText(op, log.value) : log.value.map((l) => l.text).join('\n');
    },
  });
}

export async function openOperationLog(op: OperationSummary): Promise<void> {
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${op.id}/${op.title.replace(/[^\w.-]+/g, '-')}.log` });
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}
