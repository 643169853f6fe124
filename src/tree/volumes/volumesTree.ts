// Volumes, with their size and the containers that use each one.
import * as vscode from 'vscode';
import type { VolumeSummary } from '../../../runtime-helper/rpc/protocol';
import type { Result } from '../../../runtime-helper/util/result';
import type { HelperConnection } from '../../helper/helperConnection';
import { EngineTree } from '../engineTree';
import { describeVolume } from '../grouping';

export class VolumesTree extends EngineTree<VolumeSummary> {
  constructor(helper: HelperConnection) {
    super(helper, ['volume', 'container']);
  }

  protected roots(): Promise<Result<VolumeSummary[]>> {
    return this.helper.request('volumes.list', {});
  }

  getTreeItem(v: VolumeSummary | vscode.TreeItem): vscode.TreeItem {
    if (v instanceof vscode.TreeItem) return v;
    const item = new vscode.TreeItem(v.name, vscode.TreeItemCollapsibleState.None);
    item.id = v.name;
    const { description, contextValue } = describeVolume(v);
    item.description = description;
    item.iconPath = new vscode.ThemeIcon('database');
    item.tooltip = `${v.name}\n${v.driver} · ${v.mountpoint}\n${description}`;
    item.contextValue = contextValue;
    return item;
  }
}
