// Human-readable sizes and durations for trees, notifications and logs.
import type { ContainerStats } from '../runtime-helper/rpc/protocol';

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || bytes < 0) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${n >= 100 || u === 0 ? Math.round(n) : n.toFixed(1)} ${units[u]}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A title as a file name: each run of anything but word characters, dots and dashes becomes a dash. */
export function fileName(title: string): string {
  return title.replace(/[^\w.-]+/g, '-');
}

/** A container's live stats in the columns of `docker stats`: "CPU 1.5% · MEM 12 MB / 8.2 GB · NET 1.2 KB / 648 B · BLOCK 0 B / 4.1 KB". */
export function formatStats(s: ContainerStats): string {
  const pair = (a: number, b: number) => `${formatBytes(a)} / ${formatBytes(b)}`;
  return `CPU ${s.cpuPercent.toFixed(1)}% · MEM ${pair(s.memoryUsed, s.memoryLimit)} · NET ${pair(s.networkRx, s.networkTx)} · BLOCK ${pair(s.blockRead, s.blockWrite)}`;
}
