// `up` of a compose config (an app and a sidecar): Berth vs the devcontainer CLI vs a bare
// `docker-compose up -d` of the same files, cold (no container, no network; images present) and
// warm (the project running). Each tool has its own workspace, so its own project.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ratio, run, stats, timeCommand, type Stats } from './measure';

const IMAGE = 'berth-base:bookworm';
const ROUNDS = { cold: 5, warm: 10 };
type Case = keyof typeof ROUNDS;

export interface ComposeBenchResult {
  berth: Record<Case, Stats>;
  devcontainerCli: Record<Case, Stats>;
  dockerCompose: { cold: Stats };
  ratios: { coldVsCli: number; warmVsCli: number; coldVsDockerCompose: number };
}

const COMPOSE_FILE = `version: '3'
services:
  app:
    image: ${IMAGE}
    command: sleep infinity
    volumes:
      - ..:/workspace
  sidecar:
    image: ${IMAGE}
    command: sleep infinity
`;

/** A workspace named `name` (its compose project is `<name>_devcontainer`, by the CLI's rule). */
function workspace(name: string): { folder: string; project: string; composeFile: string } {
  const folder = join(mkdtempSync(join(tmpdir(), 'berth-bench-compose-')), name);
  mkdirSync(join(folder, '.devcontainer'), { recursive: true });
  const composeFile = join(folder, '.devcontainer', 'docker-compose.yml');
  writeFileSync(composeFile, COMPOSE_FILE);
  writeFileSync(join(folder, '.devcontainer', 'devcontainer.json'), JSON.stringify({ dockerComposeFile: 'docker-compose.yml', service: 'app', workspaceFolder: '/workspace' }));
  return { folder, project: `${name}_devcontainer`, composeFile };
}

/** What `down --remove` leaves: no container, no network. */
function removeProject(project: string): void {
  const ids = run(['docker', 'ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]).split('\n').filter(Boolean);
  if (ids.length) run(['docker', 'rm', '-f', ...ids]);
  if (run(['docker', 'network', 'ls', '-q', '--filter', `name=^${project}_default$`])) run(['docker', 'network', 'rm', `${project}_default`]);
}

export function composeBench(berthCli: string, devcontainerCli: string): ComposeBenchResult {
  const tools = [berthCli, devcontainerCli].map((cli, i) => {
    const ws = workspace(`bench${i ? 'cli' : 'berth'}${process.pid}`);
    return { ...ws, up: () => timeCommand([cli, 'up', '--workspace-folder', ws.folder]), samples: { cold: [] as number[], warm: [] as number[] } };
  });
  const bare = workspace(`benchbare${process.pid}`);
  const bareUp = () => timeCommand(['docker-compose', '-p', bare.project, '-f', bare.composeFile, 'up', '-d']);
  const rawCold: number[] = [];
  // Not counted: a first up of each starts Berth's helper and warms the engine's caches.
  for (const t of tools) (t.up(), removeProject(t.project));
  for (let i = 0; i < ROUNDS.cold; i++) {
    for (const t of tools) (removeProject(t.project), t.samples.cold.push(t.up()));
    removeProject(bare.project);
    rawCold.push(bareUp());
  }
  for (const t of tools) for (let i = 0; i < ROUNDS.warm; i++) t.samples.warm.push(t.up());
  for (const w of [...tools, bare]) (removeProject(w.project), rmSync(dirname(w.folder), { recursive: true, force: true }));
  const [berth, cli] = tools.map((t) => ({ cold: stats(t.samples.cold), warm: stats(t.samples.warm) }));
  const dockerCompose = { cold: stats(rawCold) };
  return {
    berth,
    devcontainerCli: cli,
    dockerCompose,
    ratios: {
      coldVsCli: ratio(berth.cold.medianMs, cli.cold.medianMs),
      warmVsCli: ratio(berth.warm.medianMs, cli.warm.medianMs),
      coldVsDockerCompose: ratio(berth.cold.medianMs, dockerCompose.cold.medianMs),
    },
  };
}
