// Follows a container's log across restarts: when the stream ends with the container,
// it waits for the next start, marks the gap, and goes on from the last line it saw.
import type { Engine } from '../engine/engine';
import { PassThrough } from 'node:stream';
import type { LogLine } from '../rpc/protocol';
import type { LogStream } from './serviceLogs';

export interface LogSink {
  lines(lines: LogLine[]): void;
  gap(reason: string): void;
  end(): void;
}

export class LogFollower implements LogStream {
  private stream: NodeJS.ReadableStream | undefined;
  /** The newest timestamp seen (as sent), with the lines seen at it: Podman's timestamps have whole seconds only. */
  private last: { time: string; key: string; lines: string[] } | undefined;
  /** After a restart, the lines of `last` the engine sends again, in order, to be skipped once each. */
  private resent: string[] = [];
  private closed = false;
  private waitingForStart = false;

  constructor(private readonly engine: Engine, readonly containerId: string, private readonly follow: boolean, private readonly tail: number | undefined, private readonly sink: LogSink) {}

  async start(): Promise<void> {
    const info = await this.engine.inspectContainer(this.containerId);
    // From the whole second of the last line seen: what the engine sends again is skipped line by line.
    const since = this.last ? Math.floor(Date.parse(this.last.time) / 1000) : 0;
    this.resent = [...(this.last?.lines ?? [])];
    // Without follow, `until` ends the stream once the backlog up to now is sent.
    const until = this.follow ? undefined : Date.now() / 1000;
    const stream = await this.engine.logs(this.containerId, { timestamps: true, tail: this.last ? undefined : this.tail, since, until });
    if (this.closed) return (stream as unknown as { destroy(): void }).destroy();
    this.stream = stream;
    const out = this.splitter('stdout');
    if (info.Config.Tty) stream.pipe(out);
    else this.engine.demux(stream, out, this.splitter('stderr'));
    stream.on('end', () => {
      if (this.closed) return;
      if (!this.follow) return this.sink.end();
      this.waitingForStart = true;
      this.sink.gap('container stopped');
      void this.resumeIfRunning();
    });
  }

  /** The start event may come before the old stream's end (Podman, `restart -t 0`): then it is running already. */
  private async resumeIfRunning(): Promise<void> {
    const info = await this.engine.inspectContainer(this.containerId).catch(() => undefined);
    if (info?.State.Running) this.containerStarted(this.containerId);
  }

  /** Called on the engine's `start` event of any container. */
  containerStarted(containerId: string): void {
    if (containerId !== this.containerId || !this.waitingForStart || this.closed) return;
    this.waitingForStart = false;
    this.sink.gap('container restarted');
    void this.start().catch(() => undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    (this.stream as unknown as { destroy?(): void })?.destroy?.();
    this.sink.end();
  }

  private splitter(stream: 'stdout' | 'stderr'): PassThrough {
    const pass = new PassThrough();
    let rest = '';
    pass.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      const lines: LogLine[] = [];
      for (const raw of parts) {
        const space = raw.indexOf(' ');
        const time = raw.slice(0, space);
        // After a restart the engine sends the last second again: what was seen is skipped.
        const key = sortableTime(time);
        if (this.last && key < this.last.key) continue;
        const seen = this.last?.key === key ? this.resent.indexOf(`${stream} ${raw}`) : -1;
        if (seen >= 0) {
          this.resent.splice(seen, 1);
          continue;
        }
        if (this.last?.key !== key) this.last = { time, key, lines: [] };
        this.last.lines.push(`${stream} ${raw}`);
        lines.push({ time, stream, text: raw.slice(space + 1).replace(/\r$/, '') });
      }
      if (lines.length) this.sink.lines(lines);
    });
    return pass;
  }
}

/** An RFC 3339 time that sorts as text: the fraction (trimmed of zeros by the engine, or absent) padded to nanoseconds. */
function sortableTime(time: string): string {
  return time.replace(/(\.\d+)?Z$/, (_, fraction: string | undefined) => `${(fraction ?? '.').padEnd(10, '0')}Z`);
}
