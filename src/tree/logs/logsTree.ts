// Logs: one entry per container and one per Berth operation (up, build, hooks).
import * as vscode from 'vscode';
import type { ContainerSummary, OperationSummary } from '../../../runtime-helper/rpc/protocol';
import { ok, type Result } from '../../../runtime-helper/util/result';
import type { HelperConnection } from '../../helper/helperConnection';
import { formatMs } from '../../format';
import { EngineTree } from '../engineTree';

export type LogNode = { kind: 'container'; container: ContainerSummary } | { kind: 'operation'; operation: OperationSummary };

export class LogsTree extends EngineTree<LogNode> {
  constructor(helper: HelperConnection) {
    super(helper, ['container']);
    this.subscriptions.push(helper.onNotification('operations.changed', () => this.refresh()));
  }

  protected async roots(): Promise<Result<LogNode[]>> {
    const [containers, operations] = await Promise.all([this.helper.request('containers.list', {}), this.helper.request('operations.list', {})]);
    if (!containers.ok) return containers;
    if (!operations.ok) return operations;
    return ok([
      ...operations.value.map((operation): LogNode => ({ kind: 'operation', operation })),
      ...containers.value.sort((a, b) => a.name.localeCompare(b.name)).map((container): LogNode => ({ kind: 'container', container })),
    ]);
  }

  getTreeItem(node: LogNode | vscode.TreeItem): vscode.TreeItem {
    if (node instanceof vscode.TreeItem) return node;
    if (node.kind === 'container') {
      const item = new vscode.TreeItem(node.container.name, vscode.TreeItemCollapsibleState.None);
      item.id = `container:${node.container.id}`;
      item.description = node.container.state;
      item.iconPath = new vscode.ThemeIcon('output');
      item.contextValue = 'log;container';
      item.command = { command: 'berth.logs.open', title: 'Open Log', arguments: [node] };
      return item;
    }
    const op = node.operation;
    const item = new vscode.TreeItem(op.title, vscode.TreeItemCollapsibleState.None);
    item.id = `operation:${op.id}`;
    item.description = op.endedAt !== undefined ? `${op.outcome ?? 'done'} · ${formatMs(op.endedAt - op.startedAt)}` : 'running';
    item.iconPath = new vscode.ThemeIcon(op.outcome === 'error' ? 'error' : op.outcome === 'success' ? 'pass' : 'loading~spin');
    item.contextValue = 'log;operation';
    item.command = { command: 'berth.logs.open', title: 'Open Log', arguments: [node] };
    return item;
  }
}
