// A container's inspect output as a read-only JSON document, fetched from the helper when opened.
import type * as vscode from 'vscode';
import type { ContainerSummary } from '../../runtime-helper/rpc/protocol';
import { errorText, openHelperDocument, registerHelperDocuments } from '../documents/helperDocuments';
import type { HelperConnection } from '../helper/helperConnection';

const SCHEME = 'berth-inspect';

export function registerInspectDocuments(helper: HelperConnection): vscode.Disposable {
  return registerHelperDocuments(SCHEME, async (id) => {
    const r = await helper.request('containers.inspect', { id });
    return r.ok ? JSON.stringify(r.value, null, 2) : errorText(r.error);
  });
}

export function openInspectDocument(container: ContainerSummary): Promise<void> {
  return openHelperDocument(SCHEME, container.id, container.name, 'json', 'json');
}
