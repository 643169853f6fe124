import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';

interface Template {
  id: string;
  label: string;
  detail: string;
}

const TEMPLATES: Template[] = [
  { id: 'debian', label: 'Debian', detail: 'A Debian image with your folder mounted' },
  { id: 'node', label: 'Node.js (Dockerfile)', detail: 'Node.js 20 built from a Dockerfile, npm install on create, port 3000 forwarded' },
  { id: 'static-web', label: 'Static web server', detail: 'Serves the folder on port 8080 with busybox httpd' },
];

/** Copies a shipped template into the workspace, never overwriting a file. */
export async function addConfiguration(ctx: BerthContext): Promise<void> {
  const folder = workspaceFolderPath(vscode);
  if (!folder) return void vscode.window.showWarningMessage('Berth: open a folder first.');
  const pick = await vscode.window.showQuickPick(TEMPLATES.map((t) => ({ ...t, description: t.id })), { placeHolder: 'Add which dev container configuration?' });
  if (!pick) return;
  const source = vscode.Uri.joinPath(ctx.extension.extensionUri, 'templates', pick.id, '.devcontainer');
  const target = vscode.Uri.joinPath(vscode.Uri.file(folder), '.devcontainer');
  const files = await vscode.workspace.fs.readDirectory(source);
  const clash = files.map(([name]) => vscode.Uri.joinPath(target, name)).find((u) => existsSync(u.fsPath));
  if (clash) return void vscode.window.showErrorMessage(`Berth: ${clash.fsPath} already exists; nothing was changed.`);
  for (const [name] of files) await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, name), vscode.Uri.joinPath(target, name));
  await vscode.window.showTextDocument(vscode.Uri.joinPath(target, 'devcontainer.json'));
}
