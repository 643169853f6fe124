// Live `docker stats` of every running container for one subscriber: one engine stats
// stream per container, opened when it starts and closed when it stops. Nothing runs
// without a subscriber, so a hidden tree costs the engine nothing.
import type { Engine } from '../engine/engine';
import { containerStats, type EngineStatsDocument } from '../engine/containerStats';
import type { ContainerStats } from '../rpc/protocol';
import { eachLine } from '../util/lines';
import type { EngineEvents } from './engineEvents';

export interface StatsSink {
  data(stats: ContainerStats): void;
  end(id: string): void;
}

export class StatsStream {
  private readonly streams = new Map<string, NodeJS.ReadableStream>();
  private readonly stopEvents: () => void;
  private closed = false;

  /** `only`: one container's id (a chart), else every running container (the tree). */
  constructor(private readonly endpoint: Engine, events: EngineEvents, private readonly sink: StatsSink, private readonly only?: string) {
    this.stopEvents = events.on((e) => {
      if (e.type !== 'container' || (only && e.id !== only)) return;
      if (e.action === 'start') void this.follow(e.id);
      if (e.action === 'die' || e.action === 'destroy') this.unfollow(e.id);
    });
  }

  async start(): Promise<void> {
    const running = (await this.endpoint.listContainers({ status: ['running'] })).filter((c) => !this.only || c.Id === this.only);
    await Promise.all(running.map((c) => this.follow(c.Id)));
  }

  /** Containers followed now (for the cost measurement and tests). */
  get size(): number {
    return this.streams.size;
  }

  private async follow(id: string): Promise<void> {
    if (this.closed || this.streams.has(id)) return;
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.endpoint.stats(id);
    } catch {
      return; // it stopped in between: its start event brings it back
    }
    if (this.closed || this.streams.has(id)) return void destroy(stream);
    this.streams.set(id, stream);
    eachLine(stream, (line) => this.sample(id, line));
    const ended = () => this.streams.get(id) === stream && this.unfollow(id);
    stream.on('end', ended);
    stream.on('error', ended);
  }

  private sample(id: string, line: string): void {
    try {
      this.sink.data(containerStats(id, JSON.parse(line) as EngineStatsDocument));
    } catch {
      /* a torn line: the next sample comes within a second */
    }
  }

  private unfollow(id: string): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    this.streams.delete(id);
    destroy(stream);
    this.sink.end(id);
  }

  close(): void {
    this.closed = true;
    this.stopEvents();
    for (const s of this.streams.values()) destroy(s);
    this.streams.clear();
  }
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as unknown as { destroy?(): void }).destroy?.();
}
