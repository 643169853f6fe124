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
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly refresh = debounce(() => this.changed.fire(), REFRESH_DEBOUNCE_MS);

  constructor(protected readonly helper: HelperConnection, eventTypes: string[]) {
    this.subscriptions.push(
      helper.on('engine.event', (e: EngineEvent) => eventTypes.includes(e.type) && this.refresh()),
      helper.on('engine.status', () => this.refresh()),
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
    let r: Result<T[]>;
    try {
      r = await this.roots();
    } catch (err) {
      r = { ok: false, error: { message: (err as Error).message } };
    }
    return r.ok ? r.value : [errorItem(r.error)];
  }

  dispose(): void {
    this.refresh.cancel();
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function errorItem(error: BerthError): vscode.TreeItem {
  const item = new vscode.TreeItem(error.message, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('error');
  item.description = error.fix;
  item.tooltip = [error.message, error.fix].filter(Boolean).join('\n');
  item.contextValue = 'engineError';
  return item;
}
