// The HTML shell of every Berth webview: a strict Content-Security-Policy with a fresh
// nonce per render, and only the extension's own bundled files as resources.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, entry: 'ports' | 'logs', title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', entry, 'main.js'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title.replace(/[<&"]/g, '')}</title>
<style nonce="${nonce}">
  body { padding: 0 8px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  .error { color: var(--vscode-errorForeground); }
  .muted { color: var(--vscode-descriptionForeground); }
  .mono { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid var(--vscode-panel-border); }
  vscode-button { margin-right: 4px; }
  .link-button { display: inline-block; margin-right: 4px; padding: 1px 13px; border-radius: 2px; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); text-decoration: none; line-height: 22px; }
  .link-button:hover { background: var(--vscode-button-secondaryHoverBackground); }
  body.log { padding: 0; margin: 0; height: 100vh; overflow: hidden; }
  body.log #root { display: flex; flex-direction: column; height: 100%; }
  .toolbar { flex: none; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
  .scroller { flex: 1; position: relative; overflow: auto; }
  .rows { position: absolute; top: 0; left: 0; right: 0; padding: 0 8px; }
  .row { height: 18px; line-height: 18px; white-space: pre; }
  .rows.wrap .row { height: auto; min-height: 18px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .row.stderr { color: var(--vscode-errorForeground); }
  .row.system { color: var(--vscode-descriptionForeground); font-style: italic; }
  .row.current { background: var(--vscode-editor-findMatchHighlightBackground); }
  .time { color: var(--vscode-descriptionForeground); }
  mark { background: var(--vscode-editor-findMatchBackground); color: inherit; }
</style>
</head>
<body class="${entry === 'logs' ? 'log' : ''}">
<div id="root"></div>
<script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
