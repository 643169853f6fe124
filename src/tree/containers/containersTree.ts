// Containers: dev containers by workspace, compose projects, then the rest.
import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import { ok, type Result } from '../../../runtime-helper/util/result';
import type { HelperConnection } from '../../helper/helperConnection';
import { EngineTree } from '../engineTree';
import { containerContext, groupContainers, stateIcon, type Group } from '../grouping';

type Node = Group<ContainerSummary> | ContainerSummary;

export class ContainersTree extends EngineTree<Node> {
  constructor(helper: HelperConnection) {
    super(helper, ['container']);
  }

  protected async roots(): Promise<Result<Node[]>> {
    const r = await this.helper.request('containers.list', {});
    return r.ok ? ok(groupContainers(r.value)) : r;
  }

  protected override children(element: Node): Node[] {
    return 'items' in element ? element.items : [];
  }

  getTreeItem(element: Node | vscode.TreeItem): vscode.TreeItem {
    if (element instanceof vscode.TreeItem) return element;
    if ('items' in element) {
      const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = element.key;
      item.iconPath = new vscode.ThemeIcon(element.kind === 'devcontainer' ? 'folder' : element.kind === 'compose' ? 'layers' : 'server');
      item.description = element.kind === 'devcontainer' ? element.key.slice(4) : undefined;
      item.contextValue = `group;${element.kind}`;
      return item;
    }
    const item = new vscode.TreeItem(element.name, vscode.TreeItemCollapsibleState.None);
    item.id = element.id;
    item.description = `${element.image} · ${element.status}`;
    item.iconPath = new vscode.ThemeIcon(stateIcon(element.state), element.state === 'running' ? new vscode.ThemeColor('charts.green') : undefined);
    item.tooltip = `${element.name}\n${element.id.slice(0, 12)}\n${element.image}\n${element.status}`;
    item.contextValue = containerContext(element);
    return item;
  }
}
