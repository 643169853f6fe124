// Berth's own operations (up, build, down, hooks) with their logs, kept in memory so
// the Logs tree can show what happened and how long each phase took.
import type { LogLine, OperationSummary } from '../rpc/protocol';
import type { ProgressEvent } from '../util/progress';

const KEEP_OPERATIONS = 50;
const KEEP_LINES = 20_000;

export class Operations {
  private readonly items = new Map<string, { summary: OperationSummary; lines: LogLine[] }>();
  private next = 1;

  constructor(private readonly changed: (op: OperationSummary) => void) {}

  start(kind: OperationSummary['kind'], workspaceFolder: string, title: string): string {
    const id = `op-${Date.now()}-${this.next++}`;
    const summary: OperationSummary = { id, kind, workspaceFolder, title, startedAt: Date.now() };
    this.items.set(id, { summary, lines: [] });
    while (this.items.size > KEEP_OPERATIONS) this.items.delete(this.items.keys().next().value!);
    this.changed(summary);
    return id;
  }

  record(id: string, event: ProgressEvent): void {
    const op = this.items.get(id);
    if (!op) return;
    const time = new Date().toISOString();
    const text = event.output ?? (event.durationMs !== undefined ? `${event.message} (${event.durationMs} ms)` : event.message);
    for (const line of text.replace(/\n$/, '').split('\n')) op.lines.push({ time, stream: event.output ? 'stdout' : 'system', text: line });
    if (op.lines.length > KEEP_LINES) op.lines.splice(0, op.lines.length - KEEP_LINES);
  }

  finish(id: string, outcome: 'success' | 'error', message?: string): void {
    const op = this.items.get(id);
    if (!op) return;
    if (message) op.lines.push({ time: new Date().toISOString(), stream: outcome === 'error' ? 'stderr' : 'system', text: message });
    op.summary = { ...op.summary, endedAt: Date.now(), outcome };
    this.changed(op.summary);
  }

  list(): OperationSummary[] {
    return [...this.items.values()].map((o) => o.summary).reverse();
  }

  log(id: string): LogLine[] | undefined {
    return this.items.get(id)?.lines;
  }
}
