// The Ports view: one row per forward with its label, local address, origin and process,
// and the actions a user takes on it. Rendering only; the host does the work.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { PortForward } from '../../runtime-helper/rpc/protocol';
import type { FromPortsView, ToPortsView } from './messages';

declare function acquireVsCodeApi(): { postMessage(message: FromPortsView): void };
const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

/** A one-line cell; text cut off by the column's width is in its tooltip. */
function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  td.title = text;
  if (className) td.className = className;
  return td;
}

function action(label: string, title: string, message: FromPortsView): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('secondary', '');
  b.textContent = label;
  b.title = title;
  b.addEventListener('click', () => vscode.postMessage(message));
  return b;
}

/**
 * Open is a link, not a message to the host: VS Code opens a webview's link from the user's
 * click, which a browser lets through, while an open that arrives later from the extension
 * host is a popup that browsers (code-server in Chrome) block without a word.
 */
function openLink(p: PortForward): HTMLElement {
  const a = document.createElement('a');
  a.href = `${p.protocol ?? 'http'}://${p.localAddress}`;
  a.textContent = 'Open';
  a.title = 'Open in browser';
  a.className = 'link-button';
  return a;
}

function render(ports: PortForward[], attached: boolean): void {
  root.replaceChildren();
  const bar = document.createElement('p');
  bar.append(action('Add Port', 'Forward another port of the container', { type: 'add' }));
  root.append(bar);
  if (!ports.length) {
    const empty = document.createElement('p');
    empty.className = 'muted';
    empty.textContent = attached ? 'No forwarded ports yet. Ports that start listening in the container appear here within a second.' : 'Not attached to a dev container. Run Berth: Reopen in Container.';
    root.append(empty);
    return;
  }
  const table = document.createElement('table');
  table.className = 'ports';
  table.setAttribute('aria-label', 'Forwarded ports');
  const head = table.createTHead().insertRow();
  for (const h of ['Port', 'Label', 'Local Address', 'Origin', 'Process', '']) head.append(Object.assign(document.createElement('th'), { textContent: h }));
  const body = table.createTBody();
  for (const p of ports) {
    const row = body.insertRow();
    row.dataset.port = String(p.containerPort);
    const ref = { workspaceFolder: p.workspaceFolder, containerPort: p.containerPort };
    row.append(cell(String(p.containerPort)), cell(p.label ?? ''), cell(p.localAddress ?? 'not bound', 'mono address'), cell(p.origin), cell(p.process ?? '', 'muted mono process'));
    const actions = document.createElement('td');
    actions.className = 'actions';
    if (p.localAddress) actions.append(openLink(p), action('Copy', 'Copy the local address', { type: 'copy', ...ref }));
    actions.append(action('Change Port', 'Change the local port', { type: 'changeLocalPort', ...ref }), action('Stop', 'Stop forwarding', { type: 'stop', ...ref }));
    row.append(actions);
    if (p.error) {
      const err = body.insertRow();
      const td = cell(`⚠ ${p.error}`, 'error wraps');
      td.colSpan = 6;
      err.append(td);
    }
  }
  root.append(table);
}

window.addEventListener('message', (event: MessageEvent<ToPortsView>) => {
  if (event.data.type === 'ports') render(event.data.ports, event.data.attached);
});
vscode.postMessage({ type: 'ready' });
