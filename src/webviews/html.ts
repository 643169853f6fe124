// The HTML shell of every Berth webview: a strict Content-Security-Policy with a fresh
// nonce per render, and only the extension's own bundled files as resources.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, entry: 'ports' | 'logs' | 'stats', title: string): string {
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
  :focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
  /* One line per row: the process column takes what is left and cuts its text off (full text in the tooltip). */
  .ports th, .ports td { white-space: nowrap; }
  .ports td.process { max-width: 0; width: 100%; overflow: hidden; text-overflow: ellipsis; }
  .ports td.wraps { white-space: normal; max-width: 0; }
  .ports tbody tr:hover { background: var(--vscode-list-hoverBackground); }
  vscode-button { margin-right: 4px; vertical-align: middle; }
  .link-button { display: inline-block; margin-right: 4px; padding: 1px 13px; border-radius: 2px; border: 1px solid var(--vscode-button-border, transparent); color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); text-decoration: none; line-height: 20px; vertical-align: middle; }
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
  .row.current { background: var(--vscode-editor-findMatchHighlightBackground); outline: 1px dashed var(--vscode-contrastActiveBorder, transparent); outline-offset: -1px; }
  .time { color: var(--vscode-descriptionForeground); }
  /* High contrast themes have no match backgrounds, only borders. */
  mark { background: var(--vscode-editor-findMatchBackground); color: inherit; outline: 1px solid var(--vscode-editor-findMatchBorder, transparent); }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px 24px; }
  .chart h3 { font-size: inherit; font-weight: 600; margin: 8px 0 4px; }
  .chart .now { font-weight: normal; color: var(--vscode-descriptionForeground); }
  .plot { position: relative; border-left: 1px solid var(--vscode-panel-border); border-bottom: 1px solid var(--vscode-panel-border); }
  .plot svg { display: block; width: 100%; height: 120px; }
  .plot .top { position: absolute; top: 0; left: 4px; font-size: 0.85em; }
  .axis { display: flex; justify-content: space-between; font-size: 0.85em; }
  .chart polyline { fill: none; stroke-width: 1.5; vector-effect: non-scaling-stroke; }
  .line0 { stroke: var(--vscode-charts-blue); color: var(--vscode-charts-blue); }
  .line1 { stroke: var(--vscode-charts-orange); color: var(--vscode-charts-orange); }
  #state vscode-progress-ring { display: inline-block; width: 16px; height: 16px; vertical-align: middle; }
</style>
</head>
<body class="${entry === 'logs' ? 'log' : ''}">
<div id="root"></div>
<script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
