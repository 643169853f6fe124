// `up` with features: Berth vs the devcontainer CLI on the same feature set (two features from
// the local registry, one depending on the other, and a local one), in two cases:
// - cold: no container, no extended image, no feature cache, no builder cache (`--build-no-cache`);
// - unchanged: the container removed, everything else kept (a rebuild after `down --remove`).
// Rounds take turns between the tools, so the machine's drift falls on both alike.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featureFolder, publish, uniqueNamespace, type FeatureSource } from '../test/support/features';
import { ratio, run, stats, timeCommand, type Stats } from './measure';
import { containersOf, removeContainers } from './upBench';

const IMAGE = 'berth-base:bookworm';
const ROUNDS = { cold: 4, unchanged: 5 };
type Case = keyof typeof ROUNDS;

export interface FeaturesBenchResult {
  features: string[];
  berth: Record<Case, Stats>;
  devcontainerCli: Record<Case, Stats>;
  ratios: { coldVsCli: number; unchangedVsCli: number };
}

/** Offline features (their install.sh only writes files): the figures are the tools', not the network's. */
const features = (registry: string): FeatureSource[] => [
  { json: { id: 'tool', version: '1.0.0', name: 'Tool', options: { flavor: { type: 'string', default: 'plain' } }, containerEnv: { TOOL_HOME: '/opt/tool' } }, install: 'mkdir -p /opt/tool && echo "$FLAVOR" > /opt/tool/flavor' },
  { json: { id: 'plugin', version: '1.0.0', name: 'Plugin', installsAfter: [`${registry}/tool`] }, install: 'mkdir -p /opt/plugin' },
];

function workspace(registry: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-features-'));
  const config = join(dir, '.devcontainer');
  mkdirSync(config);
  const features = { [`${registry}/tool:1`]: { flavor: 'bench' }, [`${registry}/plugin:1`]: {}, './local': {} };
  writeFileSync(join(config, 'devcontainer.json'), JSON.stringify({ image: IMAGE, features }));
  featureFolder(config, { json: { id: 'local', version: '0.1.0', name: 'Local' }, install: 'touch /opt/local-feature' });
  return dir;
}

/** The images `up` made for a folder's container (extended, UID stage), never the base image. */
function imagesOf(folder: string): string[] {
  const images = containersOf(folder).map((id) => run(['docker', 'inspect', '--format', '{{.Config.Image}}', id]));
  return [...new Set(images)].filter((i) => i !== IMAGE);
}

function removeAll(folder: string, cacheDir?: string): void {
  const images = imagesOf(folder);
  removeContainers(folder);
  for (const image of images) run(['docker', 'rmi', '-f', image]);
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
}

export function featuresBench(berthCli: string, devcontainerCli: string): FeaturesBenchResult {
  const namespace = uniqueNamespace();
  const registry = `localhost:5000/${namespace}`;
  publish(namespace, features(registry));
  const berthCache = process.env.XDG_CACHE_HOME;
  const tools = [
    { name: 'berth', folder: workspace(registry), cli: berthCli, cache: berthCache && join(berthCache, 'berth', 'features'), samples: { cold: [] as number[], unchanged: [] as number[] } },
    { name: 'cli', folder: workspace(registry), cli: devcontainerCli, cache: undefined, samples: { cold: [] as number[], unchanged: [] as number[] } },
  ];
  const up = (t: (typeof tools)[number], ...extra: string[]) => timeCommand([t.cli, 'up', '--workspace-folder', t.folder, ...extra]);
  // Not counted: a first run of each, so the helper runs and both have met the registry once.
  for (const t of tools) (up(t), removeAll(t.folder, t.cache));
  for (let i = 0; i < ROUNDS.cold; i++) {
    for (const t of tools) (removeAll(t.folder, t.cache), t.samples.cold.push(up(t, '--build-no-cache')));
  }
  for (let i = 0; i < ROUNDS.unchanged; i++) {
    for (const t of tools) (removeContainers(t.folder), t.samples.unchanged.push(up(t)));
  }
  for (const t of tools) (removeAll(t.folder), rmSync(t.folder, { recursive: true, force: true }));
  const [berth, cli] = tools.map((t) => ({ cold: stats(t.samples.cold), unchanged: stats(t.samples.unchanged) }));
  return {
    features: [`${registry}/tool:1`, `${registry}/plugin:1`, './local'],
    berth,
    devcontainerCli: cli,
    ratios: { coldVsCli: ratio(berth.cold.medianMs, cli.cold.medianMs), unchangedVsCli: ratio(berth.unchanged.medianMs, cli.unchanged.medianMs) },
  };
}
