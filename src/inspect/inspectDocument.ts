// A container's inspect output as a read-only JSON document, fetched from the helper when
// opened: closing it never asks to save an untitled file.
import * as vscode from 'vscode';
import type { ContainerSummary } from '../../runtime-helper/rpc/protocol';
import type { HelperConnection } from '../helper/helperConnection';

const SCHEME = 'berth-inspect';

export function registerInspectDocuments(helper: HelperConnection): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    async provideTextDocumentContent(uri) {
      const r = await helper.request('containers.inspect', { id: uri.path.split('/')[1] });
      return r.ok ? JSON.stringify(r.value, null, 2) : `${r.error.message}\n${r.error.fix ?? ''}\n`;
    },
  });
}

export async function openInspectDocument(container: ContainerSummary): Promise<void> {
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${container.id}/${container.name.replace(/[^\w.-]+/g, '-')}.json` });
  const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'json');
  await vscode.window.showTextDocument(doc, { preview: false });
}
