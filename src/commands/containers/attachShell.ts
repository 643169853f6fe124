import * as vscode from 'vscode';
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import { containerTerminalOptions } from '../../terminal/containerPty';

/** A shell in the container; a dev container's shell runs as its remoteUser in its workspace. */
export function attachShell(ctx: BerthContext, container: ContainerSummary): void {
  const target = { workspaceFolder: container.localFolder, configFile: container.labels['devcontainer.config_file'], containerId: container.id, name: container.name };
  vscode.window.createTerminal(containerTerminalOptions(ctx.helper, target)).show();
}
