import * as vscode from 'vscode';
import { workspaceFolderPath } from '../../berthContext';
import { findConfigFiles } from '../../workspace/configFiles';

export async function openConfiguration(): Promise<void> {
  const folder = workspaceFolderPath(vscode);
  const configs = folder ? findConfigFiles(folder) : [];
  if (!configs.length) {
    const choice = await vscode.window.showInformationMessage('Berth: this folder has no dev container configuration.', 'Add Configuration…');
    if (choice) await vscode.commands.executeCommand('berth.addConfiguration');
    return;
  }
  const file = configs.length === 1 ? configs[0] : await vscode.window.showQuickPick(configs, { placeHolder: 'Which configuration?' });
  if (file) await vscode.window.showTextDocument(vscode.Uri.file(file));
}
