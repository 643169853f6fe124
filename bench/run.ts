// `npm run bench [-- CASE...]`: the benchmarks (all, or the cases named: up, forward, detect,
// tree, stats, ssh, activation, features, compose, remote) in one run, so that ratios compare like with like. Writes bench/results.json,
// each case with its targets and whether it met them; a partial run replaces only its cases.
// The helper is one of this run's own, from this build, in a private directory: a helper that
// some other build already runs for the user would otherwise serve the forwards measured.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectHelper } from '../runtime-helper/rpc/client';
import type { PortForward } from '../runtime-helper/rpc/protocol';
import { helperSocket } from '../runtime-helper/rpc/socketPath';
import { activationBench } from './activationBench';
import { composeBench } from './composeBench';
import { detectBench } from './detectBench';
import { featuresBench } from './featuresBench';
import { statsBench } from './statsBench';
import { treeBench } from './treeBench';
import { BLOCKS, containerAddress, containerCpu, forwardBench, publishedPort, SENSITIVITY_LIMIT, type BlockName } from './forwardBench';
import { remoteWindowBench } from './remoteWindowBench';
import { sshBench } from './sshBench';
import { upBench } from './upBench';
import { describe, target, type Target } from './targets';

const root = join(__dirname, '..');
const berthCli = join(root, 'dist', 'berth.js');
const devcontainerCli = join(root, 'node_modules', '.bin', 'devcontainer');
const fixture = join(root, 'bench', 'fixture');
const file = join(root, 'bench', 'results.json');
const CASES = ['up', 'forward', 'detect', 'tree', 'stats', 'ssh', 'activation', 'features', 'compose', 'remote'] as const;
type Case = (typeof CASES)[number];

function berth(...args: string[]): string {
  const r = spawnSync(process.execPath, [berthCli, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`berth ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!;
}

function chosenCases(args: string[]): Case[] {
  const unknown = args.filter((a) => !(CASES as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`unknown bench case ${unknown.join(', ')}: use ${CASES.join(', ')} (none: all)`);
  return args.length ? (args as Case[]) : [...CASES];
}

interface Section {
  date: string;
  /** The machine's load over the last 1, 5 and 15 minutes when the case ended: others' work skews every figure. */
  loadAverage: number[];
  targets: Target[];
  [figures: string]: unknown;
}

async function main(): Promise<void> {
  const cases = chosenCases(process.argv.slice(2));
  const sandbox = mkdtempSync(join(tmpdir(), 'berth-bench-'));
  process.env.BERTH_HELPER_DIR = join(sandbox, 'helper');
  process.env.XDG_STATE_HOME = join(sandbox, 'state');
  process.env.XDG_CACHE_HOME = join(sandbox, 'cache');
  const previous = cases.length < CASES.length && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const results: Record<string, unknown> = { ...previous, machine: { cpus: cpus().length } };
  const date = new Date().toISOString();
  const record = (name: Case, figures: object, targets: Target[]) =>
    (results[name] = { date, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100), ...figures, targets } satisfies Section);
  const info: string[] = [];

  if (cases.includes('up')) {
    console.error('[bench] up: berth vs devcontainer CLI vs docker run');
    const up = upBench(berthCli, devcontainerCli);
    record('up', up, [
      target('up warm (through the bin) vs devcontainer CLI', up.ratios.warmVsCli, '<=', 0.1),
      target('up cold vs devcontainer CLI', up.ratios.coldVsCli, '<=', 0.5),
      target('up cold vs docker run -d', up.ratios.coldVsDockerRun, '<=', 1.3),
      target('up cold with containerEnv + postCreateCommand vs docker run -d', up.ratios.hookedVsDockerRun, '<=', 1.3),
      target('up cold with containerEnv + postCreateCommand vs devcontainer CLI', up.ratios.hookedVsCli, '<=', 0.4),
    ]);
    info.push(`up stopped   ${up.ratios.stoppedVsCli}x devcontainer CLI`);
    info.push(`up warm      ${up.berth.warm.medianMs} ms; a bare \`node -e 0\` ${up.nodeStartBare.medianMs} ms, the devcontainer CLI ${up.devcontainerCli.warm.medianMs} ms`);
  }

  if (cases.includes('features')) {
    console.error('[bench] features: berth vs devcontainer CLI, the same feature set');
    const features = featuresBench(berthCli, devcontainerCli);
    record('features', features, [
      target('features cold up vs devcontainer CLI', features.ratios.coldVsCli, '<=', 0.8),
      target('features unchanged up (after a container removal) vs devcontainer CLI', features.ratios.unchangedVsCli, '<=', 0.3),
    ]);
  }

  if (cases.includes('compose')) {
    console.error('[bench] compose: berth vs devcontainer CLI vs docker-compose up -d, an app and a sidecar');
    const compose = composeBench(berthCli, devcontainerCli);
    record('compose', compose, [
      target('compose cold up vs devcontainer CLI', compose.ratios.coldVsCli, '<=', 0.6),
      target('compose warm up vs devcontainer CLI', compose.ratios.warmVsCli, '<=', 0.1),
    ]);
    info.push(`compose cold ${compose.ratios.coldVsDockerCompose}x docker-compose up -d`);
  }

  let containerId: string | undefined;
  if (cases.includes('forward') || cases.includes('detect')) {
    containerId = JSON.parse(berth('up', '--workspace-folder', fixture, '--remove-existing-container')).containerId as string;
    await new Promise((r) => setTimeout(r, 1000)); // let the servers in postStartCommand start
  }

  if (cases.includes('forward')) {
    console.error('[bench] forwarding: berth vs docker-proxy vs direct, and two control forwarders');
    const forwards = JSON.parse(berth('ports', '--workspace-folder', fixture, '--json')) as PortForward[];
    const local = (port: number) => {
      const f = forwards.find((p) => p.containerPort === port && p.localPort);
      if (!f) throw new Error(`no forward for ${port}: ${JSON.stringify(forwards)}`);
      return { host: '127.0.0.1', port: f.localPort! };
    };
    const address = containerAddress(containerId!);
    const [proxyBulk, proxyWeb] = [publishedPort(containerId!, 9000), publishedPort(containerId!, 9001)];
    const helperPid = (JSON.parse(berth('helper', 'status')) as { pid: number }).pid;
    const forward = await forwardBench({
      berth: { bulk: local(9000), web: local(9001), pid: helperPid },
      dockerProxy: { bulk: proxyBulk.endpoint, web: proxyWeb.endpoint, pid: proxyBulk.pid },
      direct: { bulk: { host: address, port: 9000 }, web: { host: address, port: 9001 } },
      senderCpu: containerCpu(containerId!),
    });
    const targets: Target[] = [];
    for (const block of Object.keys(BLOCKS) as BlockName[]) {
      const t = forward.throughput[block];
      const unproven = t.canTellSlowerForwarder
        ? undefined
        : `this run measured the deliberately slowed control at ${t.ratios.slowedVsControl.median}x its twin (must be <= ${SENSITIVITY_LIMIT}): it could not tell a slower forwarder apart`;
      targets.push(target(`throughput ${block} blocks vs direct`, t.ratios.berthVsDirect.median, '>=', 0.8, unproven));
      targets.push(target(`throughput ${block} blocks vs docker-proxy`, t.ratios.berthVsDockerProxy.median, '>=', 1.0, unproven));
      const [cpu, path] = [t.forwarderCpuSecondsPerGiB, t.pathCpuSecondsPerGiB];
      info.push(
        `throughput ${block.padEnd(5)} ${t.mibps.berth} MiB/s: ${t.ratios.berthVsDirect.median}x direct, ${t.ratios.berthVsDockerProxy.median}x docker-proxy ` +
          `(docker-proxy ${t.ratios.dockerProxyVsDirect.median}x direct); slowed control ${t.ratios.slowedVsControl.median}x its twin`,
        `  CPU s/GiB   forwarder: berth ${cpu.berth}, docker-proxy ${cpu.dockerProxy ?? '?'}, control ${cpu.control}, slowed ${cpu.slowedControl}; ` +
          `whole path (sender + forwarder + client): direct ${path.direct ?? '?'}, berth ${path.berth ?? '?'}, docker-proxy ${path.dockerProxy ?? '?'}`,
      );
    }
    targets.push(target('latency p50 vs docker-proxy', forward.latency.p50VsDockerProxy, '<=', 1.0));
    info.push(
      `latency p50  ${forward.latency.berth.medianMs} ms, ${forward.latency.pairedDiffVsDockerProxyUs} µs per request against docker-proxy; p99 ${forward.latency.berth.p99Ms} ms`,
    );
    record('forward', forward, targets);
  }

  if (cases.includes('detect') || cases.includes('tree') || cases.includes('stats')) {
    const client = await connectHelper({ clientName: 'bench', helperScript: berthCli });
    if (!client.ok) throw new Error(client.error.message);
    const { pid } = await client.value.request('hello', { clientName: 'bench', protocolVersion: 1 });
    if (cases.includes('detect')) {
      console.error('[bench] detection latency and idle cost');
      const detect = await detectBench(client.value, fixture, containerId!, pid);
      record('detect', detect, [target('detection max ms', detect.detection.maxMs, '<=', 1000)]);
      info.push(`detection    p50 ${detect.detection.medianMs} ms; idle cost ${detect.idle.cpuPercent}% of one core over ${detect.idle.seconds} s, watching one container`);
    }
    if (cases.includes('tree')) {
      console.error('[bench] containers tree with 500 containers');
      const tree = await treeBench(client.value);
      record('tree', tree, [target(`tree refresh of ${tree.containers} containers vs the engine's list`, tree.ratio, '<=', 1.5)]);
    }
    if (cases.includes('stats')) {
      console.error('[bench] live stats: the Containers tree hidden and visible');
      const stats = await statsBench(client.value, pid);
      record('stats', stats, [target('stats samples per second while the tree is hidden', stats.hidden.samplesPerSecond, '<=', 0)]);
      info.push(`stats        hidden: helper ${stats.hidden.helperCpuPercent}% CPU; visible: helper ${stats.visible.helperCpuPercent}%, engine ${stats.visible.engineCpuPercent}%, with ${stats.runningContainers} running containers`);
    }
    client.value.dispose();
  }
  if (containerId) berth('down', '--workspace-folder', fixture, '--remove');
  if (cases.includes('remote')) {
    console.error("[bench] the container's window (code-server route): from up's answer to its workbench");
    const client = await connectHelper({ clientName: 'bench', helperScript: berthCli });
    if (!client.ok) throw new Error(client.error.message);
    const remote = await remoteWindowBench(client.value);
    client.value.dispose();
    record('remote', remote, [target('container window served after up (server cached), median ms', remote.servedAfterUpMs.medianMs, '<=', 2000)]);
    info.push(`remote       window served ${remote.servedAfterUpMs.medianMs} ms after up (server start ${remote.serverStartMs.medianMs} ms), drawn by chromium at ${remote.shownAfterUpMs.medianMs} ms; reopened with the server running ${remote.reopenServedMs.medianMs} ms`);
  }
  if (cases.includes('ssh')) {
    console.error('[bench] up and forwarding over ssh:// against the local socket');
    const ssh = await sshBench(berthCli, fixture);
    record('ssh', ssh, []);
    info.push(
      `ssh up       warm ${ssh.up.ssh.warm.medianMs} ms (${ssh.ratios.upWarmSshVsLocal}x local), cold ${ssh.up.ssh.cold.medianMs} ms (${ssh.ratios.upColdSshVsLocal}x local)`,
      `ssh forward  ${ssh.forward.ssh.path}: p50 ${ssh.forward.ssh.latency.medianMs} ms (${ssh.ratios.latencySshVsDirect}x direct), ${ssh.forward.ssh.mibps} MiB/s (${ssh.ratios.throughputSshVsDirect}x direct); local ${ssh.forward.local.path}: p50 ${ssh.forward.local.latency.medianMs} ms, ${ssh.forward.local.mibps} MiB/s`,
    );
  }
  await stopHelper();
  rmSync(sandbox, { recursive: true, force: true });

  if (cases.includes('activation')) {
    console.error('[bench] extension activation');
    const activation = activationBench(root);
    record('activation', activation, [target('activation median ms', activation.activateMs.medianMs, '<=', 50)]);
  }

  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  for (const name of cases) for (const t of (results[name] as Section).targets) console.log(describe(t));
  for (const line of info) console.log(line);
  console.log(`figures written to ${file}`);
}

/** Ends this run's helper (helpers outlive their clients by design) and waits for it to exit. */
async function stopHelper(): Promise<void> {
  if (!existsSync(helperSocket(process.env))) return; // `helper status` would start one
  const { pid } = JSON.parse(berth('helper', 'status')) as { pid: number };
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
