// What the resource trees share: load through the helper, refresh when the engine
// reports a change to their kind of object (debounced, never polled), and show one
// clear node with the fix when the engine cannot be reached.
import * as vscode from 'vscode';
import type { EngineEvent } from '../../runtime-helper/rpc/protocol';
import type { BerthError, Result } from '../../runtime-helper/util/result';
import type { HelperConnection } from '../helper/helperConnection';
import { debounce } from './grouping';

export const REFRESH_DEBOUNCE_MS = 300;

export abstract class EngineTree<T> implements vscode.TreeDataProvider<T | vscode.TreeItem>, vscode.Disposable {
  /** Fired with elements to redraw just those, or with nothing to reload the tree. */
  protected readonly changed = new vscode.EventEmitter<T | T[] | void>();
  readonly onDidChangeTreeData = this.changed.event;
  protected readonly subscriptions: vscode.Disposable[] = [];
  readonly refresh = debounce(() => this.changed.fire(), REFRESH_DEBOUNCE_MS);

  constructor(protected readonly helper: HelperConnection, eventTypes: string[]) {
    this.subscriptions.push(
      helper.onNotification('engine.event', (e: EngineEvent) => eventTypes.includes(e.type) && this.refresh()),
      helper.onNotification('engine.status', () => this.refresh()),
      helper.onDidReconnect(() => this.refresh()),
    );
  }

  /** The tree's top level, or an error explaining why there is none. */
  protected abstract roots(): Promise<Result<T[]>>;
  abstract getTreeItem(element: T | vscode.TreeItem): vscode.TreeItem;
  protected children(_element: T): T[] {
    return [];
  }

  async getChildren(element?: T | vscode.TreeItem): Promise<(T | vscode.TreeItem)[]> {
    if (element) return element instanceof vscode.TreeItem ? [] : this.children(element);
    // A helper that cannot be reached says so itself: its message names the socket and the log to read.
    const r = await this.helper.request('engine.status', {});
    const roots: Result<T[]> = !r.ok ? r : r.value.ok ? await this.roots() : { ok: false, error: r.value.error ?? { message: `The container engine at ${r.value.endpoint} does not answer.`, fix: 'Start Docker, or set DOCKER_HOST to a running engine.' } };
    return roots.ok ? roots.value : [errorItem(roots.error)];
  }

  dispose(): void {
    this.refresh.cancel();
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function errorItem(error: BerthError): vscode.TreeItem {
  const [message, fix] = error.fix ? [error.message, error.fix] : error.message.split(/\n\s*fix: /);
  const item = new vscode.TreeItem(message, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('error');
  item.description = fix;
  item.tooltip = [message, fix].filter(Boolean).join('\n');
  item.contextValue = 'engineError';
  return item;
}
