// A resource tree whose top level is groups (by workspace, by repository) of leaves.
import * as vscode from 'vscode';
import type { Result } from '../../runtime-helper/util/result';
import { EngineTree } from './engineTree';
import type { Group } from './grouping';

export abstract class GroupedTree<T> extends EngineTree<Group<T> | T> {
  protected abstract groups(): Promise<Result<Group<T>[]>>;
  protected abstract groupItem(group: Group<T>): vscode.TreeItem;
  protected abstract leafItem(leaf: T): vscode.TreeItem;

  protected roots(): Promise<Result<(Group<T> | T)[]>> {
    return this.groups();
  }

  protected override children(element: Group<T> | T): (Group<T> | T)[] {
    return isGroup(element) ? element.items : [];
  }

  getTreeItem(element: Group<T> | T | vscode.TreeItem): vscode.TreeItem {
    if (element instanceof vscode.TreeItem) return element;
    return isGroup(element) ? this.groupItem(element) : this.leafItem(element as T);
  }
}

function isGroup<T>(element: Group<T> | T): element is Group<T> {
  return typeof element === 'object' && element !== null && 'items' in element && 'kind' in element;
}
