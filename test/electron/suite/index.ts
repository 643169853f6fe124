// Runs inside the extension host that @vscode/test-electron starts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON.name === 'berth');
  assert.ok(extension, 'the Berth extension is loaded');
  await extension.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['berth.reopenInContainer', 'berth.rebuildContainer', 'berth.reopenLocally', 'berth.attachToContainer', 'berth.showContainerLog', 'berth.addConfiguration']) {
    assert.ok(commands.includes(id), `${id} is registered`);
  }
}
