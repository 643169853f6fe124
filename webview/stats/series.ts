// The last few minutes of one container's stats as the chart draws them: CPU and memory as
// sampled, network and block I/O as rates (the engine gives running totals).
import type { ContainerStats } from '../../runtime-helper/rpc/protocol';

export const WINDOW_MS = 5 * 60_000;
/** A new chart spans this much at first and widens up to WINDOW_MS, so the first samples are not a sliver at the edge. */
export const FIRST_SPAN_MS = 60_000;

/** A sample as drawn: the engine's running totals of network and block I/O become bytes per second since the previous sample. */
export type Point = Omit<ContainerStats, 'id'> & { time: number };

export type Counter = 'networkRx' | 'networkTx' | 'blockRead' | 'blockWrite';
const COUNTERS: Counter[] = ['networkRx', 'networkTx', 'blockRead', 'blockWrite'];

export class StatsSeries {
  private readonly kept: Point[] = [];
  private previous: { time: number; stats: ContainerStats } | undefined;

  constructor(private readonly windowMs = WINDOW_MS) {}

  push(time: number, stats: ContainerStats): void {
    const before = this.previous;
    this.previous = { time, stats };
    const seconds = before ? (time - before.time) / 1000 : 0;
    const rate = (k: Counter) => (before && seconds > 0 ? Math.max(0, stats[k] - before.stats[k]) / seconds : 0);
    const point: Point = { time, cpuPercent: stats.cpuPercent, memoryUsed: stats.memoryUsed, memoryLimit: stats.memoryLimit, networkRx: 0, networkTx: 0, blockRead: 0, blockWrite: 0 };
    for (const k of COUNTERS) point[k] = rate(k);
    this.kept.push(point);
    while (this.kept.length && this.kept[0].time < time - this.windowMs) this.kept.shift();
  }

  /** A restart sets the running totals back to zero: the next sample starts afresh. */
  stopped(): void {
    this.previous = undefined;
  }

  get points(): readonly Point[] {
    return this.kept;
  }

  get latest(): Point | undefined {
    return this.kept[this.kept.length - 1];
  }

  /** How much time the chart spans now: from FIRST_SPAN_MS up to the window, in whole minutes. */
  get spanMs(): number {
    const covered = this.kept.length ? this.kept[this.kept.length - 1].time - this.kept[0].time : 0;
    return Math.min(this.windowMs, Math.max(FIRST_SPAN_MS, Math.ceil(covered / 60_000) * 60_000));
  }
}

/** Where a line of values lies in a width × height box: time across (the window ending now), value up to `max`. */
export function polylinePoints(points: readonly Point[], value: (p: Point) => number, max: number, now: number, size: { width: number; height: number }, windowMs = WINDOW_MS): string {
  const x = (t: number) => ((t - (now - windowMs)) / windowMs) * size.width;
  const y = (v: number) => size.height - (Math.min(v, max) / max) * size.height;
  return points.map((p) => `${x(p.time).toFixed(1)},${y(value(p)).toFixed(1)}`).join(' ');
}

/** The top of a chart's scale: a round number above the highest value (1, 2 or 5 times a power of ten), at least `floor`. */
export function scaleTop(highest: number, floor: number): number {
  if (highest <= floor) return floor;
  const power = 10 ** Math.floor(Math.log10(highest));
  return [1, 2, 5, 10].map((m) => m * power).find((top) => top >= highest)!;
}
