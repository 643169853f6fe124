// `up` speed: Berth vs the devcontainer CLI vs a raw `docker run -d`, on the same config,
// in three cases: warm (running), stopped, cold (image present, no container).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ratio, run, stats, timeCommand, type Stats } from './measure';

const IMAGE = 'berth-base:bookworm';
const ROUNDS = { warm: 10, stopped: 5, cold: 5 };

export interface UpBenchResult {
  berth: Record<'warm' | 'stopped' | 'cold', Stats>;
  devcontainerCli: Record<'warm' | 'stopped' | 'cold', Stats>;
  dockerRun: { cold: Stats };
  ratios: { warmVsCli: number; stoppedVsCli: number; coldVsCli: number; coldVsDockerRun: number };
}

function workspace(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `berth-bench-${name}-`));
  mkdirSync(join(dir, '.devcontainer'));
  writeFileSync(join(dir, '.devcontainer', 'devcontainer.json'), JSON.stringify({ image: IMAGE }));
  return dir;
}

function containersOf(folder: string): string[] {
  return run(['docker', 'ps', '-aq', '--filter', `label=devcontainer.local_folder=${folder}`]).split('\n').filter(Boolean);
}

function removeContainers(folder: string): void {
  const ids = containersOf(folder);
  if (ids.length) run(['docker', 'rm', '-f', ...ids]);
}

function stopContainers(folder: string): void {
  const ids = containersOf(folder);
  if (ids.length) run(['docker', 'stop', '-t', '1', ...ids]);
}

function measureTool(upCommand: (folder: string) => string[], folder: string) {
  const up = () => timeCommand(upCommand(folder));
  removeContainers(folder);
  // Not counted: the first up creates the container (and starts Berth's helper); two more
  // let both tools reach their steady state, as they are in a day's work.
  for (let i = 0; i < 3; i++) up();
  const warm = Array.from({ length: ROUNDS.warm }, up);
  const stopped = Array.from({ length: ROUNDS.stopped }, () => (stopContainers(folder), up()));
  const cold = Array.from({ length: ROUNDS.cold }, () => (removeContainers(folder), up()));
  removeContainers(folder);
  return { warm: stats(warm), stopped: stats(stopped), cold: stats(cold) };
}

function measureDockerRun(folder: string): Stats {
  const samples = Array.from({ length: ROUNDS.cold }, () => {
    const name = `berth-bench-raw-${process.pid}`;
    const ms = timeCommand([
      'docker', 'run', '-d', '--name', name, '--label', `devcontainer.local_folder=${folder}`,
      '--mount', `type=bind,source=${folder},target=/workspaces/${basename(folder)}`,
      IMAGE, '/bin/sh', '-c', 'trap "exit 0" TERM; sleep infinity & wait',
    ]);
    run(['docker', 'rm', '-f', name]);
    return ms;
  });
  return stats(samples);
}

export function upBench(berthCli: string, devcontainerCli: string): UpBenchResult {
  const berth = measureTool((f) => ['node', berthCli, 'up', '--workspace-folder', f], workspace('berth'));
  const cli = measureTool((f) => [devcontainerCli, 'up', '--workspace-folder', f], workspace('cli'));
  const dockerRun = { cold: measureDockerRun(workspace('raw')) };
  return {
    berth,
    devcontainerCli: cli,
    dockerRun,
    ratios: {
      warmVsCli: ratio(berth.warm.medianMs, cli.warm.medianMs),
      stoppedVsCli: ratio(berth.stopped.medianMs, cli.stopped.medianMs),
      coldVsCli: ratio(berth.cold.medianMs, cli.cold.medianMs),
      coldVsDockerRun: ratio(berth.cold.medianMs, dockerRun.cold.medianMs),
    },
  };
}
