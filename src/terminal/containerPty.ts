// A terminal whose shell runs in the dev container: a pseudoterminal fed by the
// helper's TTY exec, following the editor's resizes, and reconnecting when its container
// comes back from a restart or a rebuild.
import * as vscode from 'vscode';
import type { HelperConnection } from '../helper/helperConnection';
import type { Notifications } from '../../runtime-helper/rpc/protocol';
import type { Result } from '../../runtime-helper/util/result';
import type { Attachment } from '../state/attachment';

export interface ShellTarget {
  /** A dev container's folder: the shell then runs as remoteUser in its workspace with remoteEnv. */
  workspaceFolder?: string;
  configFile?: string;
  containerId: string;
  name: string;
  /**
   * Whether a shell whose container stopped should wait for it to run again: while the window
   * stays attached to it. Without it, the terminal waits until the container is removed.
   */
  stillWanted?: () => boolean;
}

/** The window's attachment as a shell target; any other container gets the image's user and working directory. */
export function attachmentShell(a: Attachment, current: () => Attachment | undefined): ShellTarget {
  const target = a.kind === 'devcontainer' ? { workspaceFolder: a.workspaceFolder, configFile: a.configFile, containerId: a.containerId, name: a.name } : { containerId: a.containerId, name: a.name };
  const stillWanted = () => {
    const now = current();
    return !!now && now.kind === a.kind && (a.kind === 'devcontainer' ? now.workspaceFolder === a.workspaceFolder : now.containerId === a.containerId);
  };
  return { ...target, stillWanted };
}

export function containerTerminalOptions(helper: HelperConnection, target: ShellTarget): vscode.ExtensionTerminalOptions {
  return { name: `Berth: ${target.name}`, pty: new ContainerPty(helper, target), iconPath: new vscode.ThemeIcon('vm') };
}

/**
 * The "Berth Container Shell" profile. The editor leaves a terminal made from an extension's
 * profile in the background; the user who picked it expects to be typing into it.
 */
export function containerTerminalProfile(helper: HelperConnection, target: ShellTarget): vscode.TerminalProfile {
  const options = containerTerminalOptions(helper, target);
  const shown = vscode.window.onDidOpenTerminal((t) => {
    if ((t.creationOptions as vscode.ExtensionTerminalOptions).pty !== options.pty) return;
    shown.dispose();
    t.show();
  });
  return new vscode.TerminalProfile(options);
}

class ContainerPty implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  private readonly exited = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.write.event;
  readonly onDidClose = this.exited.event;
  private terminalId: string | undefined;
  private size: vscode.TerminalDimensions | undefined;
  /** Output can arrive before terminal.open has answered with the id; it waits here. */
  private early: ExitOrData[] | undefined;
  /** Keys typed while the shell is opening: sent once it is there. */
  private typedEarly = '';
  private closed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly helper: HelperConnection, private readonly target: ShellTarget) {}

  async open(size: vscode.TerminalDimensions | undefined): Promise<void> {
    this.size = size;
    this.subscriptions.push(
      this.helper.onNotification('terminal.data', (p) => this.deliver(p)),
      this.helper.onNotification('terminal.exit', (p) => this.deliver(p)),
    );
    const r = await this.start(false);
    if (r.ok) return;
    this.write.fire(`\x1b[31m${r.error.message.replace(/\n/g, '\r\n')}\x1b[0m\r\n${r.error.fix ?? ''}\r\n`);
    this.close();
    this.exited.fire(1);
  }

  /** Opens a shell; a dev container's is looked up again when reconnecting (a rebuild replaced it). */
  private async start(reconnecting: boolean): Promise<Result<unknown>> {
    this.early = [];
    const asked = this.size;
    const r = await this.helper.request('terminal.open', {
      workspaceFolder: this.target.workspaceFolder ?? '',
      configFile: this.target.configFile,
      containerId: reconnecting && this.target.workspaceFolder ? undefined : this.target.containerId,
      cols: asked?.columns ?? 80,
      rows: asked?.rows ?? 24,
    });
    const early = this.early ?? [];
    this.early = undefined;
    const typed = this.typedEarly;
    this.typedEarly = '';
    if (!r.ok || this.closed) {
      if (r.ok) void this.helper.request('terminal.close', { terminalId: r.value.terminalId });
      return r;
    }
    this.terminalId = r.value.terminalId;
    for (const e of early) this.deliver(e);
    if (typed) this.handleInput(typed);
    // A resize while the shell was opening had no shell to go to.
    if (this.size && this.size !== asked) this.setDimensions(this.size);
    return r;
  }

  private deliver(p: ExitOrData): void {
    if (this.early) return void this.early.push(p);
    if (p.terminalId !== this.terminalId) return;
    if (p.data !== undefined) this.write.fire(p.data);
    if (p.code === undefined) return;
    this.terminalId = undefined;
    if (p.containerStopped) void this.reconnect();
    else this.exited.fire(p.code);
  }

  /**
   * The container stopped under the shell: wait for it to run again rather than end with
   * "exit code 137". The terminal closes quietly once the window has moved on from it.
   */
  private async reconnect(): Promise<void> {
    this.write.fire('\r\n\x1b[2m[Berth: the container stopped; this terminal reconnects when it runs again]\x1b[0m\r\n');
    const wanted = this.target.stillWanted ?? (() => true);
    const until = Date.now() + RECONNECT_MS;
    while (!this.closed && wanted() && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000));
      if (this.closed || !wanted()) break;
      const r = await this.start(true);
      if (r.ok) return;
      // A plain container that was removed is not coming back.
      if (!this.target.workspaceFolder && /no such container/i.test(r.error.message)) break;
    }
    if (!this.closed) this.exited.fire();
  }

  handleInput(data: string): void {
    if (this.terminalId) void this.helper.request('terminal.input', { terminalId: this.terminalId, data });
    else if (this.early) this.typedEarly += data;
  }

  setDimensions(size: vscode.TerminalDimensions): void {
    this.size = size;
    if (this.terminalId) void this.helper.request('terminal.resize', { terminalId: this.terminalId, cols: size.columns, rows: size.rows });
  }

  close(): void {
    this.closed = true;
    this.early = undefined;
    if (this.terminalId) void this.helper.request('terminal.close', { terminalId: this.terminalId });
    this.terminalId = undefined;
    for (const s of this.subscriptions) s.dispose();
  }
}

/** A terminal.data or terminal.exit notification. */
type ExitOrData = { terminalId: string; data?: string } & Partial<Notifications['terminal.exit']>;

/** How long a terminal waits for its stopped container before closing. */
const RECONNECT_MS = 5 * 60_000;
