// `npm run bench`: every benchmark in one run, so that ratios compare like with like.
// Writes bench/results.json and prints the ratios against the targets.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectHelper } from '../runtime-helper/rpc/client';
import type { PortForward } from '../runtime-helper/rpc/protocol';
import { activationBench } from './activationBench';
import { detectBench } from './detectBench';
import { statsBench } from './statsBench';
import { treeBench } from './treeBench';
import { containerAddress, forwardBench, publishedPort } from './forwardBench';
import { upBench } from './upBench';

const root = join(__dirname, '..');
const berthCli = join(root, 'dist', 'berth.js');
const devcontainerCli = join(root, 'node_modules', '.bin', 'devcontainer');
const fixture = join(root, 'bench', 'fixture');

function berth(...args: string[]): string {
  const r = spawnSync(process.execPath, [berthCli, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`berth ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: { cpus: cpus().length } };

  console.error('[bench] up: berth vs devcontainer CLI vs docker run');
  const up = upBench(berthCli, devcontainerCli);
  results.up = up;

  console.error('[bench] forwarding: berth vs docker-proxy vs direct');
  const containerId = JSON.parse(berth('up', '--workspace-folder', fixture, '--remove-existing-container')).containerId as string;
  await new Promise((r) => setTimeout(r, 1000)); // let the servers in postStartCommand start
  const forwards = JSON.parse(berth('ports', '--workspace-folder', fixture, '--json')) as PortForward[];
  const local = (port: number) => {
    const f = forwards.find((p) => p.containerPort === port && p.localPort);
    if (!f) throw new Error(`no forward for ${port}: ${JSON.stringify(forwards)}`);
    return { host: '127.0.0.1', port: f.localPort! };
  };
  const address = containerAddress(containerId);
  const forward = await forwardBench({
    berth: [local(9000), local(9001)],
    dockerProxy: [publishedPort(containerId, 9000), publishedPort(containerId, 9001)],
    direct: [{ host: address, port: 9000 }, { host: address, port: 9001 }],
  });
  results.forward = forward;

  console.error('[bench] detection latency and idle cost');
  const client = await connectHelper({ clientName: 'bench', helperScript: berthCli });
  if (!client.ok) throw new Error(client.error.message);
  const { pid } = await client.value.request('hello', { clientName: 'bench', protocolVersion: 1 });
  const detect = await detectBench(client.value, fixture, containerId, pid);
  console.error('[bench] containers tree with 500 containers');
  const tree = await treeBench(client.value);
  results.tree = tree;
  console.error('[bench] live stats: the Containers tree hidden and visible');
  const liveStats = await statsBench(client.value, pid);
  results.stats = liveStats;
  client.value.dispose();
  results.detect = detect;
  berth('down', '--workspace-folder', fixture, '--remove');

  console.error('[bench] extension activation');
  const activation = activationBench(root);
  results.activation = activation;

  const file = join(root, 'bench', 'results.json');
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`up warm      ${up.ratios.warmVsCli}x devcontainer CLI (target <= 0.2)`);
  console.log(`up stopped   ${up.ratios.stoppedVsCli}x devcontainer CLI`);
  console.log(`up cold      ${up.ratios.coldVsCli}x devcontainer CLI (target <= 0.5), ${up.ratios.coldVsDockerRun}x docker run -d (target <= 1.3)`);
  console.log(`throughput   ${forward.berth.throughputMiBps} MiB/s: ${forward.ratios.throughputVsDockerProxy}x docker-proxy (target >= 1.0), ${forward.ratios.throughputVsDirect}x direct (target >= 0.8)`);
  console.log(`latency p50  ${forward.berth.latency.medianMs} ms: ${forward.ratios.p50VsDockerProxy}x docker-proxy (target <= 1.0), ${forward.pairedDiffVsDockerProxyUs} µs per request against it; p99 ${forward.berth.latency.p99Ms} ms`);
  console.log(`detection    p50 ${detect.detection.medianMs} ms, max ${detect.detection.maxMs} ms (target <= 1000)`);
  console.log(`idle cost    ${detect.idle.cpuPercent}% of one core over ${detect.idle.seconds} s, watching one container`);
  console.log(`tree         ${tree.containers} containers: refresh ${tree.treeRefresh.medianMs} ms, ${tree.ratio}x the engine's list (${tree.engineList.medianMs} ms; target <= 1.5)`);
  console.log(`stats        hidden: helper ${liveStats.hidden.helperCpuPercent}%, engine ${liveStats.hidden.engineCpuPercent}%, ${liveStats.hidden.samplesPerSecond} samples/s; visible: helper ${liveStats.visible.helperCpuPercent}%, engine ${liveStats.visible.engineCpuPercent}% with ${liveStats.runningContainers} running containers`);
  console.log(`activation   median ${activation.activateMs.medianMs} ms (target <= 50)`);
  console.log(`figures written to ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
