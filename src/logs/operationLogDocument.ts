// A Berth operation's log (up, build, down) as a read-only document: its phases, their
// cost and the hooks' output, fetched from the helper when opened.
import type * as vscode from 'vscode';
import type { OperationSummary } from '../../runtime-helper/rpc/protocol';
import { errorText, openHelperDocument, registerHelperDocuments } from '../documents/helperDocuments';
import type { HelperConnection } from '../helper/helperConnection';
import { operationLogText } from './operationLogText';

const SCHEME = 'berth-operation';

export function registerOperationLogs(helper: HelperConnection): vscode.Disposable {
  return registerHelperDocuments(SCHEME, async (id) => {
    const [log, list] = await Promise.all([helper.request('operations.log', { id }), helper.request('operations.list', {})]);
    if (!log.ok) return errorText(log.error);
    const op = list.ok ? list.value.find((o) => o.id === id) : undefined;
    return op ? operationLogText(op, log.value) : log.value.map((l) => l.text).join('\n');
  });
}

export function openOperationLog(op: OperationSummary): Promise<void> {
  return openHelperDocument(SCHEME, op.id, op.title, 'log');
}
