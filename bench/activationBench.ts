// Activation cost of the bundled extension as a window pays it: each run is a fresh
// plain-Node process that loads dist/extension.js and runs activate() against a
// stand-in for the `vscode` module (VS Code itself is not needed to time our own code).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { stats, type Stats } from './measure';

const RUNS = 15;

export function activationBench(root: string): { activateMs: Stats; requireMs: Stats } {
  const probe = join(__dirname, 'activationProbe.cjs');
  const file = join(root, 'dist', 'extension.js');
  const total: number[] = [];
  const required: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, [probe, file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`activation probe failed: ${run.stderr}`);
    const { requireMs, activateMs } = JSON.parse(run.stdout) as { requireMs: number; activateMs: number };
    required.push(requireMs);
    total.push(requireMs + activateMs);
  }
  return { activateMs: stats(total), requireMs: stats(required) };
}
