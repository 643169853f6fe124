// A terminal whose shell runs in the dev container: a pseudoterminal fed by the
// helper's TTY exec, following the editor's resizes.
import * as vscode from 'vscode';
import type { HelperConnection } from '../helper/helperConnection';
import type { Attachment } from '../state/attachment';

export interface ShellTarget {
  /** A dev container's folder: the shell then runs as remoteUser in its workspace with remoteEnv. */
  workspaceFolder?: string;
  configFile?: string;
  containerId: string;
  name: string;
}

/** Any other container gets the image's user and working directory. */
export function attachmentShell(a: Attachment): ShellTarget {
  return a.kind === 'devcontainer' ? a : { containerId: a.containerId, name: a.name };
}

export function containerTerminalOptions(helper: HelperConnection, target: ShellTarget): vscode.ExtensionTerminalOptions {
  return { name: `Berth: ${target.name}`, pty: new ContainerPty(helper, target), iconPath: new vscode.ThemeIcon('vm') };
}

class ContainerPty implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  private readonly exited = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.write.event;
  readonly onDidClose = this.exited.event;
  private terminalId: string | undefined;
  private size: vscode.TerminalDimensions | undefined;
  /** Output can arrive before terminal.open has answered with the id; it waits here. */
  private early: { terminalId: string; data?: string; code?: number }[] | undefined = [];
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly helper: HelperConnection, private readonly target: ShellTarget) {}

  async open(size: vscode.TerminalDimensions | undefined): Promise<void> {
    this.size = size;
    this.subscriptions.push(
      this.helper.onNotification('terminal.data', (p) => this.deliver(p)),
      this.helper.onNotification('terminal.exit', (p) => this.deliver(p)),
    );
    const r = await this.helper
      .request('terminal.open', {
        workspaceFolder: this.target.workspaceFolder ?? '',
        configFile: this.target.configFile,
        containerId: this.target.containerId,
        cols: size?.columns ?? 80,
        rows: size?.rows ?? 24,
      });
    if (!r.ok) {
      this.close();
      this.write.fire(`\x1b[31m${r.error.message.replace(/\n/g, '\r\n')}\x1b[0m\r\n${r.error.fix ?? ''}\r\n`);
      this.exited.fire(1);
      return;
    }
    this.terminalId = r.value.terminalId;
    const early = this.early ?? [];
    this.early = undefined;
    for (const e of early) this.deliver(e);
    if (this.size && (this.size.columns !== size?.columns || this.size.rows !== size?.rows)) this.setDimensions(this.size);
  }

  private deliver(p: { terminalId: string; data?: string; code?: number }): void {
    if (this.early) return void this.early.push(p);
    if (p.terminalId !== this.terminalId) return;
    if (p.data !== undefined) this.write.fire(p.data);
    if (p.code !== undefined) this.exited.fire(p.code);
  }

  handleInput(data: string): void {
    if (this.terminalId) void this.helper.request('terminal.input', { terminalId: this.terminalId, data });
  }

  setDimensions(size: vscode.TerminalDimensions): void {
    this.size = size;
    if (this.terminalId) void this.helper.request('terminal.resize', { terminalId: this.terminalId, cols: size.columns, rows: size.rows });
  }

  close(): void {
    this.early = undefined;
    if (this.terminalId) void this.helper.request('terminal.close', { terminalId: this.terminalId });
    for (const s of this.subscriptions) s.dispose();
  }
}
