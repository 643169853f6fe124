// One subscription to an engine's event stream, shared by every client and service,
// re-established with backoff when the engine goes away.
import type { Engine } from '../engine/engine';
import { dockerEventAction } from '../engine/podmanAdapter';
import type { EngineEvent, EngineStatus } from '../rpc/protocol';
import { eachLine } from '../util/lines';

export type EventListener = (event: EngineEvent) => void;

export class EngineEvents {
  private readonly listeners = new Set<EventListener>();
  private stream: NodeJS.ReadableStream | undefined;
  private stopped = false;
  private retryMs = 500;
  status: EngineStatus;

  constructor(private readonly endpoint: Engine, private readonly onStatus: (s: EngineStatus) => void) {
    this.status = { ok: false, endpoint: endpoint.where };
    void this.connect();
  }

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const version = await this.endpoint.version();
      const stream = await this.endpoint.events(['container', 'image', 'volume', 'network']);
      this.stream = stream;
      this.retryMs = 500;
      this.setStatus({ ok: true, endpoint: this.endpoint.where, version: version.Version });
      eachLine(stream, (line) => this.emit(line));
      const lost = () => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        this.retry('the engine closed its event stream');
      };
      stream.on('end', lost);
      stream.on('error', lost);
    } catch (err) {
      this.retry((err as Error).message);
    }
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    this.setStatus({
      ok: false,
      endpoint: this.endpoint.where,
      error: { message: `cannot reach the container engine at ${this.endpoint.where}: ${reason}`, fix: 'Start the engine (sudo systemctl start docker, or dockerd &), or set DOCKER_HOST.' },
    });
    setTimeout(() => void this.connect(), this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
  }

  private setStatus(status: EngineStatus): void {
    // A new reason counts too: the first answer clients got may have been "not connected yet".
    const changed = status.ok !== this.status.ok || status.error?.message !== this.status.error?.message;
    this.status = status;
    if (changed) this.onStatus(status);
  }

  private emit(line: string): void {
    let raw: { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; time?: number };
    try {
      raw = JSON.parse(line);
    } catch {
      return;
    }
    const event: EngineEvent = { type: raw.Type ?? '', action: dockerEventAction(raw.Type ?? '', (raw.Action ?? '').split(':')[0]), id: raw.Actor?.ID ?? '', time: raw.time ?? 0, attributes: raw.Actor?.Attributes ?? {} };
    for (const l of this.listeners) l(event);
  }

  dispose(): void {
    this.stopped = true;
    (this.stream as unknown as { destroy?(): void })?.destroy?.();
  }
}
