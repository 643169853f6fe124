import * as vscode from 'vscode';
import type { BerthError } from '../../../runtime-helper/util/result';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';
import { findConfigFiles } from '../../../runtime-helper/rpc/configLocations';

/** Opens the folder's config; with an error that names a file (a failed up), that file at its line and column. */
export async function openConfiguration(_ctx: BerthContext, at?: Pick<BerthError, 'file' | 'line' | 'column'>): Promise<void> {
  if (at?.file) return showAt(vscode.Uri.file(at.file), at.line, at.column);
  const folder = workspaceFolderPath(vscode);
  const configs = folder ? findConfigFiles(folder) : [];
  if (!configs.length) {
    const choice = await vscode.window.showInformationMessage('Berth: this folder has no dev container configuration.', 'Add Configuration…');
    if (choice) await vscode.commands.executeCommand('berth.addConfiguration');
    return;
  }
  const file = configs.length === 1 ? configs[0] : await vscode.window.showQuickPick(configs, { placeHolder: 'Which configuration?' });
  if (file) await showAt(vscode.Uri.file(file));
}

async function showAt(uri: vscode.Uri, line = 1, column = 1): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
}
