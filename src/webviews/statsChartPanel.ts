// A container's stats chart: a panel that streams that one container's stats from the helper
// while it is open (hidden too, so the chart has no hole when the user comes back).
import * as vscode from 'vscode';
import type { FromStatsView, ToStatsView } from '../../webview/stats/messages';
import type { HelperConnection } from '../helper/helperConnection';
import { webviewHtml, webviewOptions } from './html';

export const STATS_VIEW_TYPE = 'berth.statsChart';

/** One panel per container: asking again brings it forward. */
const open = new Map<string, vscode.WebviewPanel>();

export function openStatsChart(extensionUri: vscode.Uri, helper: HelperConnection, container: { id: string; name: string }): void {
  const existing = open.get(container.id);
  if (existing) return existing.reveal();
  const title = `Stats: ${container.name}`;
  const panel = vscode.window.createWebviewPanel(STATS_VIEW_TYPE, title, vscode.ViewColumn.Active, { ...webviewOptions(extensionUri), retainContextWhenHidden: true });
  open.set(container.id, panel);
  panel.webview.html = webviewHtml(panel.webview, extensionUri, 'stats', title);
  const post = (m: ToStatsView) => void panel.webview.postMessage(m);
  let subscription: Promise<string | undefined> | undefined;

  const subscribe = () => {
    subscription = helper.request('stats.subscribe', { containerId: container.id }).then((r) => {
      if (r.ok) return r.value.subscriptionId;
      post({ type: 'error', message: `Berth: no stats for ${container.name}: ${r.error.message}` });
      return undefined;
    });
  };
  // Samples of another subscription (the Containers tree's) are not this chart's.
  const ours = (subscriptionId: string, then: () => void) => void subscription?.then((id) => id === subscriptionId && then());
  const subscriptions = [
    helper.onNotification('stats.data', (p) => ours(p.subscriptionId, () => post({ type: 'sample', time: Date.now(), stats: p.stats }))),
    helper.onNotification('stats.end', (p) => ours(p.subscriptionId, () => post({ type: 'stopped' }))),
    // A new helper knows nothing of the old one's subscription.
    helper.onDidReconnect(() => subscription && subscribe()),
    panel.webview.onDidReceiveMessage((m: FromStatsView) => m.type === 'ready' && !subscription && subscribe()),
  ];
  panel.onDidDispose(() => {
    open.delete(container.id);
    void subscription?.then((subscriptionId) => {
      if (subscriptionId) void helper.request('stats.unsubscribe', { subscriptionId }).catch(() => undefined);
    });
    for (const s of subscriptions) s.dispose();
  });
}
