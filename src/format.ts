// Human-readable sizes and durations for trees, notifications and logs.

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
