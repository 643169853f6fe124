// `up` speed: Berth vs the devcontainer CLI vs a raw `docker run -d`, on the same config,
// in three cases: warm (running), stopped, cold (image present, no container); and cold with
// containerEnv and a postCreateCommand, against a `docker run -d` that runs the same command. Each tool runs
// its warm and stopped rounds back to back, in its steady state: on this VM a process that
// starts after even 50 ms of idle starts ~15 ms slower, which would measure the VM's wake-up,
// not the tool.
// Both CLIs run through their npm bins, as a user's shell runs them.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ratio, run, stats, timeCommand, type Stats } from './measure';

const IMAGE = 'berth-base:bookworm';
const ROUNDS = { warm: 20, stopped: 6, cold: 8 };
/** The hooked case's config: what the command runs is the same for the three. */
const GREETING = { GREETING: 'hi' };
const COMMAND = 'echo "$GREETING" > /tmp/greeting';
type Case = 'warm' | 'stopped' | 'cold';

export interface UpBenchResult {
  berth: Record<Case, Stats>;
  devcontainerCli: Record<Case, Stats>;
  dockerRun: { cold: Stats; hooked: Stats };
  /** Cold, with containerEnv and one postCreateCommand. */
  hooked: { berth: Stats; devcontainerCli: Stats };
  /** What every Node CLI pays before its first line runs: `node -e 0` on this machine. */
  nodeStart: Stats;
  /** The same without NODE_EXTRA_CA_CERTS (as Berth's bin starts Node): the floor under a warm `up`. */
  nodeStartBare: Stats;
  nodeExtraCaCerts: boolean;
  ratios: { warmVsCli: number; stoppedVsCli: number; coldVsCli: number; coldVsDockerRun: number; hookedVsCli: number; hookedVsDockerRun: number };
}

function workspace(name: string, config: object = { image: IMAGE }): string {
  const dir = mkdtempSync(join(tmpdir(), `berth-bench-${name}-`));
  mkdirSync(join(dir, '.devcontainer'));
  writeFileSync(join(dir, '.devcontainer', 'devcontainer.json'), JSON.stringify(config));
  return dir;
}

export function containersOf(folder: string): string[] {
  return run(['docker', 'ps', '-aq', '--filter', `label=devcontainer.local_folder=${folder}`]).split('\n').filter(Boolean);
}

export function removeContainers(folder: string): void {
  const ids = containersOf(folder);
  if (ids.length) run(['docker', 'rm', '-f', ...ids]);
}

function stopContainers(folder: string): void {
  const ids = containersOf(folder);
  if (ids.length) run(['docker', 'stop', '-t', '1', ...ids]);
}

interface Tool {
  folder: string;
  up(): number;
  samples: Record<Case, number[]>;
}

function tool(upCommand: (folder: string) => string[], name: string, config?: object): Tool {
  const folder = workspace(name, config);
  return { folder, up: () => timeCommand(upCommand(folder)), samples: { warm: [], stopped: [], cold: [] } };
}

/** `docker run -d` of the same image, workspace mount and keep-alive command; `hooked`: with the env and the command first. */
function dockerRunOnce(folder: string, hooked = false): number {
  const name = `berth-bench-raw-${process.pid}`;
  const env = hooked ? Object.entries(GREETING).flatMap(([k, v]) => ['-e', `${k}=${v}`]) : [];
  const ms = timeCommand([
    'docker', 'run', '-d', '--name', name, '--label', `devcontainer.local_folder=${folder}`, ...env,
    '--mount', `type=bind,source=${folder},target=/workspaces/${basename(folder)}`,
    IMAGE, '/bin/sh', '-c', `${hooked ? `${COMMAND}; ` : ''}trap "exit 0" TERM; sleep infinity & wait`,
  ]);
  run(['docker', 'rm', '-f', name]);
  return ms;
}

export function upBench(berthCli: string, devcontainerCli: string): UpBenchResult {
  const tools = [tool((f) => [berthCli, 'up', '--workspace-folder', f], 'berth'), tool((f) => [devcontainerCli, 'up', '--workspace-folder', f], 'cli')];
  const rawFolder = workspace('raw');
  const raw: number[] = [];
  for (const t of tools) {
    removeContainers(t.folder);
    // Not counted: the first up creates the container (and starts Berth's helper); two more
    // let both tools reach their steady state, as they are in a day's work.
    for (let i = 0; i < 3; i++) t.up();
  }
  for (const t of tools) {
    for (let i = 0; i < ROUNDS.warm; i++) t.samples.warm.push(t.up());
    for (let i = 0; i < ROUNDS.stopped; i++) (stopContainers(t.folder), t.samples.stopped.push(t.up()));
  }
  // Cold rounds take turns, as each follows a container's removal anyway: the engine's state
  // and the machine's drift then fall on the three alike.
  for (let i = 0; i < ROUNDS.cold; i++) {
    for (const t of tools) (removeContainers(t.folder), t.samples.cold.push(t.up()));
    raw.push(dockerRunOnce(rawFolder));
  }
  for (const t of tools) removeContainers(t.folder);
  // Cold with containerEnv and a postCreateCommand: after the start, the hook (and the user's environment it runs in).
  const config = { image: IMAGE, containerEnv: GREETING, postCreateCommand: COMMAND };
  const hookedTools = [tool((f) => [berthCli, 'up', '--workspace-folder', f], 'berth-hooked', config), tool((f) => [devcontainerCli, 'up', '--workspace-folder', f], 'cli-hooked', config)];
  const rawHooked: number[] = [];
  for (let i = 0; i < ROUNDS.cold; i++) {
    for (const t of hookedTools) (removeContainers(t.folder), t.samples.cold.push(t.up()));
    rawHooked.push(dockerRunOnce(rawFolder, true));
  }
  for (const t of hookedTools) removeContainers(t.folder);
  const [berth, cli] = tools.map((t) => ({ warm: stats(t.samples.warm), stopped: stats(t.samples.stopped), cold: stats(t.samples.cold) }));
  const [berthHooked, cliHooked] = hookedTools.map((t) => stats(t.samples.cold));
  const dockerRun = { cold: stats(raw), hooked: stats(rawHooked) };
  return {
    berth,
    devcontainerCli: cli,
    dockerRun,
    hooked: { berth: berthHooked, devcontainerCli: cliHooked },
    nodeStart: stats(Array.from({ length: 10 }, () => timeCommand(['node', '-e', '0']))),
    nodeStartBare: stats(Array.from({ length: 10 }, () => timeCommand(['node', '-e', '0'], { ...process.env, NODE_EXTRA_CA_CERTS: '' }))),
    nodeExtraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS),
    ratios: {
      warmVsCli: ratio(berth.warm.medianMs, cli.warm.medianMs),
      stoppedVsCli: ratio(berth.stopped.medianMs, cli.stopped.medianMs),
      coldVsCli: ratio(berth.cold.medianMs, cli.cold.medianMs),
      coldVsDockerRun: ratio(berth.cold.medianMs, dockerRun.cold.medianMs),
      hookedVsCli: ratio(berthHooked.medianMs, cliHooked.medianMs),
      hookedVsDockerRun: ratio(berthHooked.medianMs, dockerRun.hooked.medianMs),
    },
  };
}
