// Containers: dev containers by workspace, compose projects, then the rest.
import * as vscode from 'vscode';
import type { ContainerStats, ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import { ok, type Result } from '../../../runtime-helper/util/result';
import type { HelperConnection } from '../../helper/helperConnection';
import { GroupedTree } from '../groupedTree';
import { formatStats } from '../../format';
import { containerContext, debounce, groupContainers, stateIcon, type Group } from '../grouping';

/** Rows redraw at most this often, whatever the number of containers. */
const STATS_REDRAW_MS = 500;

export class ContainersTree extends GroupedTree<ContainerSummary> {
  /** The leaves shown now, by id: a stats sample redraws its own row only. */
  private readonly leaves = new Map<string, ContainerSummary>();
  private readonly stats = new Map<string, ContainerStats>();
  private readonly stale = new Set<string>();
  private readonly redraw = debounce(() => this.redrawStale(), STATS_REDRAW_MS);
  private subscription: Promise<string | undefined> | undefined;

  constructor(helper: HelperConnection) {
    super(helper, ['container']);
    this.subscriptions.push(
      helper.onNotification('stats.data', (p) => this.onStats(p.subscriptionId, p.stats.id, p.stats)),
      helper.onNotification('stats.end', (p) => this.onStats(p.subscriptionId, p.id, undefined)),
      // A new helper knows nothing of the old one's subscription.
      helper.onDidReconnect(() => {
        if (!this.subscription) return;
        this.subscription = undefined;
        this.showStats(true);
      }),
    );
  }

  /** Stats stream from the engine only while the tree is visible. */
  showStats(visible: boolean): void {
    if (visible && !this.subscription) {
      this.subscription = this.helper.request('stats.subscribe', {}).then((r) => (r.ok ? r.value.subscriptionId : undefined));
    } else if (!visible && this.subscription) {
      const subscription = this.subscription;
      this.subscription = undefined;
      void subscription.then((subscriptionId) => {
        if (subscriptionId) void this.helper.request('stats.unsubscribe', { subscriptionId });
      });
      this.stats.clear();
    }
  }

  private onStats(subscriptionId: string, id: string, stats: ContainerStats | undefined): void {
    void this.subscription?.then((current) => {
      if (current !== subscriptionId) return;
      if (stats) this.stats.set(id, stats);
      else this.stats.delete(id);
      this.stale.add(id);
      this.redraw();
    });
  }

  private redrawStale(): void {
    const leaves = [...this.stale].map((id) => this.leaves.get(id)).filter((c): c is ContainerSummary => Boolean(c));
    this.stale.clear();
    if (leaves.length) this.changed.fire(leaves);
  }

  protected async groups(): Promise<Result<Group<ContainerSummary>[]>> {
    const r = await this.helper.request('containers.list', {});
    if (!r.ok) return r;
    this.leaves.clear();
    for (const c of r.value) this.leaves.set(c.id, c);
    return ok(groupContainers(r.value));
  }

  protected groupItem(group: Group<ContainerSummary>): vscode.TreeItem {
    const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = group.key;
    item.iconPath = new vscode.ThemeIcon(group.kind === 'devcontainer' ? 'folder' : group.kind === 'compose' ? 'layers' : 'server');
    // A compose project that is a dev container names its workspace too.
    item.description = group.kind === 'devcontainer' ? group.key.slice(4) : group.items.find((c) => c.localFolder)?.localFolder;
    item.contextValue = `group;${group.kind}`;
    return item;
  }

  override dispose(): void {
    this.showStats(false);
    this.redraw.cancel();
    super.dispose();
  }

  protected leafItem(c: ContainerSummary): vscode.TreeItem {
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = c.id;
    const stats = c.state === 'running' ? this.stats.get(c.id) : undefined;
    item.description = [c.image, c.status, stats && formatStats(stats)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(stateIcon(c.state), c.state === 'running' ? new vscode.ThemeColor('charts.green') : undefined);
    item.tooltip = [c.name, c.id.slice(0, 12), c.image, c.status, stats && formatStats(stats).replace(/ · /g, '\n')].filter(Boolean).join('\n');
    item.contextValue = containerContext(c);
    return item;
  }
}
