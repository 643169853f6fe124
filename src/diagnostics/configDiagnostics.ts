// Problems in every devcontainer.json of the workspace, found by the helper's own parser and
// validator as the user types (unsaved text included), with a quick fix where the fix is mechanical.
import * as vscode from 'vscode';
import type { ConfigDiagnostic } from '../../runtime-helper/rpc/protocol';
import type { HelperConnection } from '../helper/helperConnection';
import { debounce } from '../tree/grouping';
import { CONFIG_FILE_GLOB, isConfigFile } from '../../runtime-helper/rpc/configLocations';

const TYPING_PAUSE_MS = 250;
const SOURCE = 'Berth';

export function registerConfigDiagnostics(helper: HelperConnection, log: vscode.LogOutputChannel): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('berth');
  const quickFixes = new WeakMap<vscode.Diagnostic, ConfigDiagnostic['quickFix']>();
  const pending = new Map<string, ReturnType<typeof debounce>>();

  // Answers can overtake each other: only the last question's answer is shown.
  const latest = new Map<string, number>();
  let asked = 0;
  const validate = async (uri: vscode.Uri, text: string) => {
    const question = ++asked;
    latest.set(uri.toString(), question);
    const found = await helper.request('validateConfiguration', { file: uri.fsPath, text });
    if (!found.ok) return void log.warn(`Cannot check ${uri.fsPath}: ${found.error.message}`);
    if (latest.get(uri.toString()) !== question) return;
    collection.set(uri, found.value.map((d) => {
      const diagnostic = toDiagnostic(d);
      if (d.quickFix) quickFixes.set(diagnostic, d.quickFix);
      return diagnostic;
    }));
  };
  const fromDocument = (doc: vscode.TextDocument) => isConfigFile(doc.uri.fsPath) && void validate(doc.uri, doc.getText());
  const fromDisk = async (uri: vscode.Uri) => {
    // An open document is the truth; the file on disk only for the rest.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return fromDocument(open);
    const bytes = await vscode.workspace.fs.readFile(uri).then((b) => b, () => undefined);
    if (bytes) await validate(uri, Buffer.from(bytes).toString('utf8'));
  };
  const onEdit = (doc: vscode.TextDocument) => {
    if (!isConfigFile(doc.uri.fsPath)) return;
    const key = doc.uri.toString();
    let run = pending.get(key);
    if (!run) pending.set(key, (run = debounce(() => fromDocument(doc), TYPING_PAUSE_MS)));
    run();
  };

  // One watcher per workspace folder: code-server reports files made outside the editor to
  // these, not to a bare glob.
  const watchers = (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f, CONFIG_FILE_GLOB)));
  void vscode.workspace.findFiles(CONFIG_FILE_GLOB, '**/node_modules/**').then((uris) => uris.filter((u) => isConfigFile(u.fsPath)).forEach((u) => void fromDisk(u)));
  return vscode.Disposable.from(
    collection,
    ...watchers.flatMap((watcher) => [
      watcher,
      watcher.onDidCreate((u) => isConfigFile(u.fsPath) && void fromDisk(u)),
      watcher.onDidChange((u) => isConfigFile(u.fsPath) && void fromDisk(u)),
      watcher.onDidDelete((u) => collection.delete(u)),
    ]),
    vscode.workspace.onDidChangeTextDocument((e) => onEdit(e.document)),
    vscode.workspace.onDidOpenTextDocument(fromDocument),
    vscode.languages.registerCodeActionsProvider({ pattern: CONFIG_FILE_GLOB }, {
      provideCodeActions: (doc, _range, context) =>
        context.diagnostics.flatMap((d) => {
          const fix = quickFixes.get(d);
          if (!fix) return [];
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [d];
          action.isPreferred = true;
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(doc.uri, new vscode.Range(position(fix.start), position(fix.end)), fix.newText);
          return [action];
        }),
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    { dispose: () => pending.forEach((p) => p.cancel()) },
  );
}

function toDiagnostic(d: ConfigDiagnostic): vscode.Diagnostic {
  const start = position(d.start);
  // Without a span (a syntax error), the rest of the line from where the parser stopped.
  const end = d.end ? position(d.end) : start.translate(0, 1000);
  const message = d.fix ? `${d.message}\nfix: ${d.fix}` : d.message;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.source = SOURCE;
  if (d.property) diagnostic.code = d.property;
  return diagnostic;
}

function position(p: { line: number; column: number }): vscode.Position {
  return new vscode.Position(p.line - 1, p.column - 1);
}
