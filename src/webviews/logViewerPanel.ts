// The log viewer panel: a container's log followed across restarts, or the log of one
// Berth operation. The host keeps the lines for export; the webview renders them.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { LogLine } from '../../runtime-helper/rpc/protocol';
import { fileName } from '../format';
import type { FromLogView, ToLogView } from '../../webview/logs/messages';
import type { HelperConnection } from '../helper/helperConnection';
import { webviewHtml, webviewOptions } from './html';

export const LOG_VIEW_TYPE = 'berth.logViewer';

export type LogSource =
  | { kind: 'container'; containerId: string; name: string }
  | { kind: 'compose'; project: string }
  | { kind: 'operation'; operationId: string; title: string };

/** A container's log, followed across restarts: what the extension's commands and trees open. */
export function openLogViewer(context: vscode.ExtensionContext, client: HelperConnection, containerId: string, name: string): void {
  openLogSource(context.extensionUri, client, { kind: 'container', containerId, name });
}

export function openLogSource(extensionUri: vscode.Uri, helper: HelperConnection, source: LogSource): void {
  const title = `Log: ${source.kind === 'container' ? source.name : source.kind === 'compose' ? source.project : source.title}`;
  const panel = vscode.window.createWebviewPanel(LOG_VIEW_TYPE, title, vscode.ViewColumn.Active, { ...webviewOptions(extensionUri), retainContextWhenHidden: true });
  panel.webview.html = webviewHtml(panel.webview, extensionUri, 'logs', title);
  const lines: LogLine[] = [];
  const post = (m: ToLogView) => void panel.webview.postMessage(m);
  const subscriptions: vscode.Disposable[] = [];
  let subscriptionId: string | undefined;

  const start = async () => {
    if (source.kind === 'operation') {
      const r = await helper.request('operations.log', { id: source.operationId });
      if (r.ok) {
        lines.push(...r.value);
        post({ type: 'lines', lines: r.value });
      } else post({ type: 'gap', reason: r.error.message });
      return;
    }
    subscriptions.push(
      helper.on('logs.data', (p) => {
        if (p.subscriptionId !== subscriptionId) return;
        lines.push(...p.lines);
        post({ type: 'lines', lines: p.lines });
      }),
      helper.on('logs.gap', (p) => p.subscriptionId === subscriptionId && post({ type: 'gap', reason: p.reason })),
    );
    const which = source.kind === 'container' ? { containerId: source.containerId } : { composeProject: source.project };
    const r = await helper.request('logs.subscribe', { ...which, follow: true, timestamps: true, tail: 100_000 });
    if (r.ok) subscriptionId = r.value.subscriptionId;
    else post({ type: 'gap', reason: r.error.message });
  };

  panel.webview.onDidReceiveMessage(async (m: FromLogView) => {
    if (m.type === 'ready') return void start();
    if (m.type === 'export') {
      // Offered beside the workspace (or in the home folder), not at the file system's root.
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
      const defaultUri = vscode.Uri.joinPath(folder, `${fileName(title)}.log`);
      const target = await vscode.window.showSaveDialog({ defaultUri, filters: { Logs: ['log', 'txt'] } });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, Buffer.from(lines.map((l) => `${l.time} ${l.text}`).join('\n') + '\n'));
      void vscode.window.showInformationMessage(`Berth: exported ${lines.length} lines to ${target.fsPath}`);
    }
  });
  panel.onDidDispose(() => {
    if (subscriptionId) void helper.request('logs.unsubscribe', { subscriptionId });
    for (const s of subscriptions) s.dispose();
  });
}
