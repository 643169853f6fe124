// While attached, the workspace's shell tasks are offered again as "in container" tasks
// that run through `berth exec`. Nothing is written into the workspace (its
// .vscode/settings.json is the repository's): the tasks live in this provider alone.
import * as vscode from 'vscode';
import type { Attachment } from '../state/attachment';

const TYPE = 'berth';

interface ShellTaskConfig {
  label?: string;
  type?: string;
  command?: string;
  args?: (string | { value: string })[];
}

export function registerContainerTasks(helperScript: () => string, attachment: () => Attachment | undefined): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TYPE, {
    provideTasks: () => {
      const a = attachment();
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!a || a.kind !== 'devcontainer' || !folder) return [];
      const configured = vscode.workspace.getConfiguration('tasks', folder.uri).get<ShellTaskConfig[]>('tasks') ?? [];
      return configured.filter((t) => t.type === 'shell' && t.label && t.command).map((t) => containerTask(folder, helperScript(), a, t.label!, commandLine(t)));
    },
    resolveTask: () => undefined,
  });
}

function commandLine(t: ShellTaskConfig): string {
  return [t.command!, ...(t.args ?? []).map((a) => (typeof a === 'string' ? a : a.value))].join(' ');
}

function containerTask(folder: vscode.WorkspaceFolder, helperScript: string, a: Attachment, label: string, line: string): vscode.Task {
  const shell = taskShell(helperScript, a);
  const execution = new vscode.ShellExecution(line, { executable: shell.path, shellArgs: [...shell.args, '-c'], env: shell.env });
  // No problem matcher: without one given, the editor would stop to ask for one on every run.
  return new vscode.Task({ type: TYPE, task: label }, folder, `${label} (in container)`, 'berth', execution, []);
}

/**
 * The task runs `<path> <args> -c <command line>`: here `berth exec … -- /bin/sh -c <command line>`,
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
