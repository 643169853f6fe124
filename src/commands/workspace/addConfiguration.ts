import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { workspaceFolderPath, type BerthContext } from '../../berthContext';
import { listTemplates, planTemplateCopy } from '../../templates/templateCatalog';

/** Copies a shipped template into the workspace, never overwriting a file. */
export async function addConfiguration(ctx: BerthContext): Promise<void> {
  const folder = workspaceFolderPath(vscode);
  if (!folder) return void vscode.window.showWarningMessage('Berth: open a folder first.');
  const templatesDir = ctx.extension.asAbsolutePath('templates');
  const pick = await vscode.window.showQuickPick(
    listTemplates(templatesDir).map((template) => ({ label: template.label, description: template.files.join(', '), detail: template.detail, template })),
    { placeHolder: 'Add which dev container configuration?', title: 'Add Dev Container Configuration Files' },
  );
  if (!pick) return;
  const plan = planTemplateCopy(templatesDir, pick.template, folder);
  if (plan.clashes.length) return void vscode.window.showErrorMessage(`Berth: ${plan.clashes.join(', ')} already exists; nothing was changed. Move it away or edit it instead.`);
  for (const { from, to } of plan.copies) {
    await mkdir(dirname(to), { recursive: true });
    // EXCL: a file that appeared since the check is still not overwritten.
    await copyFile(from, to, constants.COPYFILE_EXCL);
  }
  ctx.log.info(`Added the "${pick.template.label}" configuration to ${folder}`);
  await vscode.window.showTextDocument(vscode.Uri.file(plan.copies.find((c) => c.to.endsWith('devcontainer.json'))!.to));
}
