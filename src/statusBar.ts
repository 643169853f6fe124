// The status bar item that names the attached container and says when it stopped or went
// away outside Berth (the tree, `docker stop`), offering Start or Rebuild then.
import * as vscode from 'vscode';
import type { EngineEvent } from '../runtime-helper/rpc/protocol';
import type { HelperConnection } from './helper/helperConnection';
import type { Attachment } from './state/attachment';

/** How long a stopped container is given to come back (a restart) before recovery is offered. */
const SETTLE_MS = 3000;

export type ContainerState = 'running' | 'stopped' | 'removed';

/** What a container event means for the attached container, if anything. */
export function stateAfter(event: EngineEvent): ContainerState | undefined {
  if (event.type !== 'container') return undefined;
  if (event.action === 'start' || event.action === 'unpause') return 'running';
  if (event.action === 'die' || event.action === 'stop') return 'stopped';
  if (event.action === 'destroy') return 'removed';
  return undefined;
}

export class AttachmentStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('berth.status', vscode.StatusBarAlignment.Left, 100);
  private attached: Attachment | undefined;
  private containerName: string | undefined;
  private state: ContainerState = 'running';
  /** Berth's own up/down for the attached folder: what happens to the container then is no surprise. */
  private readonly busy = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly helper: HelperConnection) {
    this.item.name = 'Berth';
    this.subscriptions = [
      helper.onNotification('engine.event', (e) => this.onEvent(e)),
      helper.onNotification('operations.changed', ({ operation: op }) => {
        if (op.kind !== 'up' && op.kind !== 'down') return;
        if (op.endedAt === undefined) this.busy.add(op.workspaceFolder);
        else this.busy.delete(op.workspaceFolder);
      }),
    ];
  }

  /** The container's state as the status bar shows it. */
  get containerState(): ContainerState {
    return this.state;
  }

  show(a: Attachment | undefined): void {
    this.attached = a;
    this.containerName = undefined;
    this.state = 'running';
    this.render();
    if (a) void this.lookUp(a);
  }

  private async lookUp(a: Attachment): Promise<void> {
    const r = await this.helper.request('containers.list', {});
    if (!r.ok || this.attached !== a) return;
    const c = r.value.find((x) => x.id === a.containerId);
    this.containerName = c?.name;
    this.state = !c ? 'removed' : c.state === 'running' ? 'running' : 'stopped';
    this.render();
  }

  private onEvent(e: EngineEvent): void {
    const a = this.attached;
    const next = stateAfter(e);
    if (!a || !next || e.id !== a.containerId || next === this.state || this.busy.has(a.workspaceFolder)) return;
    this.state = next;
    this.render();
    // A restart stops and starts within a second: only a container still down after a moment is offered recovery.
    if (next !== 'running') setTimeout(() => void this.confirmDown(a), SETTLE_MS);
  }

  private async confirmDown(a: Attachment): Promise<void> {
    await this.lookUp(a);
    if (this.attached === a && this.state !== 'running' && !this.busy.has(a.workspaceFolder)) await this.offerRecovery(a);
  }

  private async offerRecovery(a: Attachment): Promise<void> {
    const choices = this.recoveryChoices(a);
    const what = this.state === 'removed' ? 'was removed' : 'stopped';
    const choice = await vscode.window.showWarningMessage(`Berth: the container ${this.containerName ?? a.name} ${what} outside Berth.`, ...choices);
    if (choice && this.attached === a) await vscode.commands.executeCommand(choice === 'Start' ? 'berth.startAttachedContainer' : 'berth.rebuildContainer');
  }

  recoveryChoices(a: Attachment): string[] {
    return [...(this.state === 'stopped' ? ['Start'] : []), ...(a.kind === 'devcontainer' ? ['Rebuild'] : [])];
  }

  private render(): void {
    const a = this.attached;
    if (!a) return this.item.hide();
    const named = this.containerName && this.containerName !== a.name ? `${a.name} (${this.containerName})` : a.name;
    const running = this.state === 'running';
    this.item.text = running ? `$(vm) Berth: ${named}` : `$(warning) Berth: ${named} ${this.state}`;
    this.item.backgroundColor = running ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.tooltip = running
      ? `Attached to ${this.containerName ?? a.containerId.slice(0, 12)}${a.remoteUser ? ` as ${a.remoteUser}` : ''}. Click for Berth actions.`
      : `The container ${this.containerName ?? a.containerId.slice(0, 12)} ${this.state === 'removed' ? 'was removed' : 'stopped'} outside Berth. Click to start or rebuild it.`;
    this.item.command = 'berth.showQuickActions';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
