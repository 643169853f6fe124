// `npm run bench`: every benchmark in one run, so that ratios compare like with like.
// Writes bench/results.json and prints the ratios against the targets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { upBench } from './upBench';

const root = join(__dirname, '..');
const berthCli = join(root, 'dist', 'berth.js');
const devcontainerCli = join(root, 'node_modules', '.bin', 'devcontainer');

async function main(): Promise<void> {
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: { cpus: require('node:os').cpus().length } };

  console.error('[bench] up: berth vs devcontainer CLI vs docker run');
  const up = upBench(berthCli, devcontainerCli);
  results.up = up;

  const file = join(root, 'bench', 'results.json');
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`up warm    ${up.ratios.warmVsCli}x devcontainer CLI (target <= 0.2)`);
  console.log(`up stopped ${up.ratios.stoppedVsCli}x devcontainer CLI`);
  console.log(`up cold    ${up.ratios.coldVsCli}x devcontainer CLI (target <= 0.5), ${up.ratios.coldVsDockerRun}x docker run -d (target <= 1.3)`);
  console.log(`figures written to ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
