// While attached, tasks run in the container: a workspace setting written on attach and
// removed on detach, so a detached window is untouched. The container shell itself is not
// made the default profile: with an extension profile as default, code-server 4.96's
// "Create New Terminal" fails (it looks for the new terminal before the extension made it);
// Berth opens a container terminal on attach and the profile stays in the terminal menu.
import * as vscode from 'vscode';
import type { Attachment } from '../state/attachment';

export async function applyAttachedSettings(helperScript: string, a: Attachment | undefined): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) return;
  const terminal = vscode.workspace.getConfiguration('terminal.integrated');
  await setWorkspaceValue(terminal, 'automationProfile.linux', a?.kind === 'devcontainer' ? taskShell(helperScript, a) : undefined);
}

/**
 * Tasks run `<path> <args> -c <command line>`: here `berth exec … -- /bin/sh -c <command line>`,
 * which runs it as remoteUser in the container's workspace folder with remoteEnv.
 */
export function taskShell(helperScript: string, a: Attachment): { path: string; args: string[]; env: Record<string, string> } {
  const config = a.configFile ? ['--config', a.configFile] : [];
  return {
    path: process.execPath,
    args: [helperScript, 'exec', '--workspace-folder', a.workspaceFolder, ...config, '--', '/bin/sh'],
    // The editor's own Electron binary runs the CLI as plain Node.
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
}

async function setWorkspaceValue(section: vscode.WorkspaceConfiguration, key: string, value: unknown): Promise<void> {
  const current = section.inspect(key)?.workspaceValue;
  if (JSON.stringify(current) !== JSON.stringify(value)) await section.update(key, value, vscode.ConfigurationTarget.Workspace);
}
