// Small timing helpers shared by the benchmarks.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Stats {
  runs: number;
  medianMs: number;
  p99Ms?: number;
  minMs: number;
  maxMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { runs: s.length, medianMs: round(percentile(s, 50)), p99Ms: round(percentile(s, 99)), minMs: round(s[0]), maxMs: round(s[s.length - 1]) };
}

/** Runs a command to completion and returns its wall time in ms; throws with its output when it fails. */
export function timeCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

export function run(argv: string[]): string {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

export function ratio(a: number, b: number): number {
  return Math.round((a / b) * 1000) / 1000;
}

/** CPU time a process has used so far, in clock ticks (utime + stime from /proc/PID/stat; 100 per second). */
export function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Percent of one core that `ticks` over `seconds` make. */
export function cpuPercent(ticks: number, seconds: number): number {
  const hz = 100;
  return Math.round((ticks / hz / seconds) * 10000) / 100;
}
