// Containers: dev containers by workspace, compose projects, then the rest.
import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import { ok, type Result } from '../../../runtime-helper/util/result';
import type { HelperConnection } from '../../helper/helperConnection';
import { GroupedTree } from '../groupedTree';
import { containerContext, groupContainers, stateIcon, type Group } from '../grouping';

export class ContainersTree extends GroupedTree<ContainerSummary> {
  constructor(helper: HelperConnection) {
    super(helper, ['container']);
  }

  protected async groups(): Promise<Result<Group<ContainerSummary>[]>> {
    const r = await this.helper.request('containers.list', {});
    return r.ok ? ok(groupContainers(r.value)) : r;
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

  protected leafItem(c: ContainerSummary): vscode.TreeItem {
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = c.id;
    item.description = `${c.image} · ${c.status}`;
    item.iconPath = new vscode.ThemeIcon(stateIcon(c.state), c.state === 'running' ? new vscode.ThemeColor('charts.green') : undefined);
    item.tooltip = `${c.name}\n${c.id.slice(0, 12)}\n${c.image}\n${c.status}`;
    item.contextValue = containerContext(c);
    return item;
  }
}
