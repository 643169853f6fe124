// The status bar item that names the attached container; a click offers the quick actions.
import * as vscode from 'vscode';
import type { Attachment } from './state/attachment';

export function createStatusBar(): { item: vscode.StatusBarItem; show(a: Attachment | undefined): void } {
  const item = vscode.window.createStatusBarItem('berth.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Berth';
  item.command = 'berth.showQuickActions';
  return {
    item,
    show(a) {
      if (!a) return item.hide();
      item.text = `$(vm) Berth: ${a.name}`;
      item.tooltip = `Attached to ${a.containerId.slice(0, 12)}${a.remoteUser ? ` as ${a.remoteUser}` : ''}. Click for Berth actions.`;
      item.show();
    },
  };
}
