// Which client windows are attached to which folder's container, so that `shutdownAction`
// runs when the last window on a folder closes, after a grace period: a reload is a close
// and an open, and another window on the same container keeps it running.
export class WindowAttachments<Client> {
  /** The folder each window is attached to. */
  private readonly folders = new Map<Client, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Pending downs: they keep the helper alive. */
  get pending(): number {
    return this.timers.size;
  }

  /** Which folder's container a window is attached to now, if any: a pending down of that folder is off. */
  set(client: Client, workspaceFolder: string | undefined): void {
    if (workspaceFolder === undefined) return void this.folders.delete(client);
    this.cancel(workspaceFolder);
    this.folders.set(client, workspaceFolder);
  }

  /** A window closed: when no other holds the folder, `down` runs after `delayMs` unless one attaches again. */
  release(workspaceFolder: string, client: Client, delayMs: number, down: () => Promise<unknown>): boolean {
    this.folders.delete(client);
    if (this.held(workspaceFolder)) return false;
    this.cancel(workspaceFolder);
    this.timers.set(workspaceFolder, setTimeout(() => {
      this.timers.delete(workspaceFolder);
      if (!this.held(workspaceFolder)) void down().catch(() => undefined);
    }, delayMs));
    return true;
  }

  /** A client disconnected without saying goodbye: it holds nothing any more. */
  forget(client: Client): void {
    this.folders.delete(client);
  }

  cancel(workspaceFolder: string): void {
    const timer = this.timers.get(workspaceFolder);
    if (timer) clearTimeout(timer);
    this.timers.delete(workspaceFolder);
  }

  private held(workspaceFolder: string): boolean {
    return [...this.folders.values()].includes(workspaceFolder);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
