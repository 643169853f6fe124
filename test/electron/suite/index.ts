// Runs inside the extension host that @vscode/test-electron starts: the extension
// activates in the sample folder and registers every command and view it contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('berth.berth');
  assert.ok(extension, 'the Berth extension is loaded');
  await extension.activate();
  const registered = new Set(await vscode.commands.getCommands(true));
  const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
  const missing = contributed.filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], 'every contributed command is registered');
  for (const view of ['berth.containers', 'berth.images', 'berth.volumes', 'berth.logs', 'berth.ports']) {
    await vscode.commands.executeCommand(`${view}.focus`);
  }
}
