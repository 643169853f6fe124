// The Ports panel: the attached container's forwards, live from the helper, with
// open, copy, stop, change-port and add actions.
import * as vscode from 'vscode';
import type { PortForward } from '../../runtime-helper/rpc/protocol';
import type { Result } from '../../runtime-helper/util/result';
import type { FromPortsView, ToPortsView } from '../../webview/ports/messages';
import { reportFailure } from '../commands/failure';
import type { HelperConnection } from '../helper/helperConnection';
import type { Attachment } from '../state/attachment';
import { webviewHtml, webviewOptions } from './html';

export class PortsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly helper: HelperConnection,
    private readonly attachment: () => Attachment | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(helper.on('ports.changed', () => void this.update()), helper.onDidReconnect(() => void this.update()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'ports', 'Ports');
    view.webview.onDidReceiveMessage((m: FromPortsView) => void this.handle(m));
  }

  async update(): Promise<void> {
    if (!this.view) return;
    const attached = this.attachment();
    const r = attached ? await this.helper.request('ports.list', { workspaceFolder: attached.workspaceFolder }) : undefined;
    if (r && !r.ok) this.log.warn(`Cannot list the forwards: ${r.error.message}`);
    const message: ToPortsView = { type: 'ports', ports: r?.ok ? r.value : [], attached: Boolean(attached) };
    void this.view.webview.postMessage(message);
  }

  /** Add a port: asked from the view's button and from the view title. */
  async addPort(): Promise<void> {
    const attached = this.attachment();
    if (!attached) return void vscode.window.showWarningMessage('Berth: attach to a dev container first (Berth: Reopen in Container).');
    const port = await askPort('Port in the container to forward');
    if (port === undefined) return;
    await this.report(this.helper.request('ports.add', { workspaceFolder: attached.workspaceFolder, containerPort: port }));
  }

  private async handle(m: FromPortsView): Promise<void> {
    if (m.type === 'ready') return this.update();
    if (m.type === 'add') return this.addPort();
    const list = await this.helper.request('ports.list', { workspaceFolder: m.workspaceFolder });
    if (!list.ok) return this.report(list);
    const forward = list.value.find((p) => p.containerPort === m.containerPort);
    if (!forward) return;
    switch (m.type) {
      case 'copy':
        await vscode.env.clipboard.writeText(forward.localAddress ?? '');
        return void vscode.window.showInformationMessage(`Copied ${forward.localAddress}`);
      case 'stop':
        return this.report(this.helper.request('ports.remove', { workspaceFolder: m.workspaceFolder, containerPort: m.containerPort }));
      case 'changeLocalPort': {
        const localPort = await askPort(`Local port for container port ${m.containerPort}`, forward.localPort);
        if (localPort === undefined) return;
        await this.report(this.helper.request('ports.add', { workspaceFolder: m.workspaceFolder, containerPort: m.containerPort, localPort, label: forward.label }));
      }
    }
  }

  private async report(result: Result<PortForward | PortForward[] | void> | Promise<Result<PortForward | void>>): Promise<void> {
    const r = await result;
    if (!r.ok) void reportFailure({ log: this.log }, r.error);
    await this.update();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Registers the Ports view (berth.ports); its Add Port command is registered with the others. */
export function registerPortsView(provider: PortsViewProvider): vscode.Disposable {
  return vscode.Disposable.from(provider, vscode.window.registerWebviewViewProvider('berth.ports', provider));
}

async function askPort(prompt: string, value?: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    prompt,
    value: value ? String(value) : undefined,
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? undefined : 'A port number from 1 to 65535'),
  });
  return text ? Number(text) : undefined;
}
