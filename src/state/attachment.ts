// Which container this window is attached to, kept in workspaceState so the
// attachment survives a window reload.
import type * as vscode from 'vscode';
import type { ShutdownAction } from '../../runtime-helper/rpc/spec';

export interface Attachment {
  /** 'devcontainer': made by up from this folder's config; 'container': any running container picked by hand. */
  kind: 'devcontainer' | 'container';
  workspaceFolder: string;
  configFile?: string;
  containerId: string;
  name: string;
  /** Who shells and tasks run as, when up reported it. */
  remoteUser?: string;
  shutdownAction?: ShutdownAction;
}

const KEY = 'berth.attachment';

/** Whether leaving the window stops the container: shutdownAction, "stopContainer" by default. */
export function stopsOnLeave(a: Attachment): boolean {
  return (a.shutdownAction ?? 'stopContainer') !== 'none';
}

export function readAttachment(context: vscode.ExtensionContext): Attachment | undefined {
  return context.workspaceState.get<Attachment>(KEY);
}

export function writeAttachment(context: vscode.ExtensionContext, attachment: Attachment | undefined): Thenable<void> {
  return context.workspaceState.update(KEY, attachment);
}
