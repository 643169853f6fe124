import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import { containerTerminalOptions } from '../../terminal/containerPty';

export function attachShell(ctx: BerthContext, container: ContainerSummary): void {
  vscode.window.createTerminal(containerTerminalOptions(ctx.helper, { workspaceFolder: container.localFolder ?? '', containerId: container.id, name: container.name })).show();
}
