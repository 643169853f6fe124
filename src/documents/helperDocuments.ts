// Read-only documents whose text the helper gives when one is opened, at `SCHEME:/ID/NAME`:
// closing one never asks to save an untitled file.
import * as vscode from 'vscode';
import { fileName } from '../format';

/** Serves the documents of `scheme`; `text` gets the ID from the document's path. */
export function registerHelperDocuments(scheme: string, text: (id: string) => Promise<string>): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: (uri) => text(uri.path.split('/')[1]) });
}

/** Opens the document of `id`, named after `title`; `language` when the extension alone does not set it. */
export async function openHelperDocument(scheme: string, id: string, title: string, extension: string, language?: string): Promise<void> {
  let doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: `/${id}/${fileName(title)}.${extension}` }));
  if (language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** What a document shows when the helper could not give its text. */
export function errorText(error: { message: string; fix?: string }): string {
  return `${error.message}\n${error.fix ?? ''}\n`;
}
