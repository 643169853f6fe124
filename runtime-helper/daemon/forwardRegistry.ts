// Every dev container's forwards in this helper, kept across window reloads and restored
// after the helper itself is killed, from a table in the helper's private directory.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load';
import type { MergedConfig } from '../config/types';
import type { Engine } from '../engine/engine';
import { ForwardManager, type RememberedForwards } from '../forward/forwardManager';
import type { EngineEvent, PortForward } from '../rpc/protocol';
import type { Caller } from '../up/context';
import { helperDir } from '../rpc/socketPath';

interface TableRow extends RememberedForwards {
  workspaceFolder: string;
  configFile: string;
  containerId: string;
}

export class ForwardRegistry {
  private readonly managers = new Map<string, { manager: ForwardManager; configFile: string; caller?: Caller }>();
  private readonly table = join(helperDir(), 'forwards.json');
  /** Workspaces whose forwards are coming back from the table, until they are. */
  private readonly restoring = new Map<string, { row: TableRow; done: Promise<void> }>();

  constructor(private readonly changed: (workspaceFolder: string, ports: PortForward[]) => void) {}

  get size(): number {
    return this.managers.size;
  }

  /** `caller` is who brought the container up: its settings choose the forward path, and its environment runs the restart hooks. */
  async ensure(endpoint: Engine, workspaceFolder: string, configFile: string, containerId: string, merged: Pick<MergedConfig, 'forwardPorts' | 'portsAttributes' | 'otherPortsAttributes'>, caller: Caller | undefined, remembered: RememberedForwards | undefined = this.rowFor(workspaceFolder, containerId)): Promise<void> {
    const current = this.managers.get(workspaceFolder);
    if (current?.manager.containerId === containerId) return;
    current?.manager.dispose();
    const manager = new ForwardManager({
      engine: endpoint,
      reach: await endpoint.description(),
      mode: caller?.settings.forwardMode,
      workspaceFolder,
      containerId,
      forwardPorts: merged.forwardPorts,
      portsAttributes: merged.portsAttributes,
      otherPortsAttributes: merged.otherPortsAttributes,
      remembered,
      onChange: (ports) => {
        this.save();
        this.changed(workspaceFolder, ports);
      },
    });
    this.managers.set(workspaceFolder, { manager, configFile, caller });
    await manager.start();
  }

  /** The workspace of a container this helper brought up, if it is one. */
  workspaceOf(containerId: string): { workspaceFolder: string; configFile: string; caller?: Caller } | undefined {
    for (const [workspaceFolder, { manager, configFile, caller }] of this.managers) if (manager.containerId === containerId) return { workspaceFolder, configFile, caller };
    return undefined;
  }

  get(workspaceFolder: string): ForwardManager | undefined {
    return this.managers.get(workspaceFolder)?.manager;
  }

  list(workspaceFolder?: string): PortForward[] {
    return [...this.managers.entries()].filter(([ws]) => !workspaceFolder || ws === workspaceFolder).flatMap(([, m]) => m.manager.list());
  }

  drop(workspaceFolder: string): void {
    const m = this.managers.get(workspaceFolder);
    if (!m) return;
    m.manager.dispose();
    this.managers.delete(workspaceFolder);
    this.save();
    this.changed(workspaceFolder, []);
  }

  /** Container lifecycle from the engine's events keeps the forwards in step. */
  onEngineEvent(event: EngineEvent): void {
    if (event.type !== 'container') return;
    for (const [ws, { manager }] of this.managers) {
      if (manager.containerId !== event.id) continue;
      if (event.action === 'start') void manager.containerStarted().catch(() => undefined);
      else if (event.action === 'die') manager.containerStopped();
      else if (event.action === 'destroy') this.drop(ws);
    }
  }

  /** After a crash or SIGKILL: bring back the forwards of containers still running. */
  restore(endpoint: Engine): Promise<void> {
    // Registered before the first await, so that no request is served from an empty table.
    const restoring = this.readTable().map((row) => {
      const done = this.restoreRow(endpoint, row).finally(() => this.restoring.get(row.workspaceFolder)?.done === done && this.restoring.delete(row.workspaceFolder));
      this.restoring.set(row.workspaceFolder, { row, done });
      return done;
    });
    return Promise.all(restoring).then(() => undefined);
  }

  /** Resolves once the forwards of the workspace (of every workspace, without one) are restored. */
  async restored(workspaceFolder?: string): Promise<void> {
    const pending = workspaceFolder === undefined ? [...this.restoring.values()] : [this.restoring.get(workspaceFolder)];
    await Promise.all(pending.map((r) => r?.done));
  }

  private async restoreRow(endpoint: Engine, row: TableRow): Promise<void> {
    try {
      const info = await endpoint.inspectContainer(row.containerId);
      if (!info.State.Running) return;
      const loaded = loadConfig({ workspaceFolder: row.workspaceFolder, configFile: row.configFile });
      const config = loaded.ok ? loaded.value.config : {};
      // An `up` that came in meanwhile has set up this workspace already, maybe on a new container.
      if (this.managers.has(row.workspaceFolder)) return;
      await this.ensure(endpoint, row.workspaceFolder, row.configFile, row.containerId, config, undefined, row);
    } catch {
      /* the container is gone: nothing to restore */
    }
  }

  dispose(): void {
    for (const { manager } of this.managers.values()) manager.dispose();
  }

  private rowFor(workspaceFolder: string, containerId: string): TableRow | undefined {
    return this.readTable().find((r) => r.workspaceFolder === workspaceFolder && r.containerId === containerId);
  }

  private readTable(): TableRow[] {
    try {
      return JSON.parse(readFileSync(this.table, 'utf8'));
    } catch {
      return [];
    }
  }

  private save(): void {
    const rows: TableRow[] = [...this.managers.entries()].map(([workspaceFolder, { manager, configFile }]) => ({ workspaceFolder, configFile, containerId: manager.containerId, ...manager.remembered() }));
    // Rows not restored yet stay, so that a helper killed again meanwhile still finds them.
    for (const [workspaceFolder, { row }] of this.restoring) if (!this.managers.has(workspaceFolder)) rows.push(row);
    writeFileSync(`${this.table}.tmp`, JSON.stringify(rows), { mode: 0o600 });
    renameSync(`${this.table}.tmp`, this.table);
  }
}
