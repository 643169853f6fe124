// While attached, tasks run in the container: the automation profile (which runs
// tasks' shell commands) becomes `berth exec … /bin/sh -c <task>` for this workspace.
import * as vscode from 'vscode';
import type { Attachment } from './state/attachment';

const SETTING = 'automationProfile.linux';

export async function routeTasksToContainer(helperScript: string, a: Attachment | undefined): Promise<void> {
  const terminal = vscode.workspace.getConfiguration('terminal.integrated');
  if (!vscode.workspace.workspaceFolders?.length) return;
  const value = a
    ? { path: process.execPath, args: [helperScript, 'exec', '--workspace-folder', a.workspaceFolder, '/bin/sh'], env: { ELECTRON_RUN_AS_NODE: '1' } }
    : undefined;
  const current = terminal.inspect(SETTING)?.workspaceValue;
  if (JSON.stringify(current) !== JSON.stringify(value)) await terminal.update(SETTING, value, vscode.ConfigurationTarget.Workspace);
}
