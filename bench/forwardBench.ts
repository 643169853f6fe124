// Forwarding speed: bulk throughput and small-request latency through a Berth forward,
// through docker-proxy (-p 127.0.0.1::PORT) and straight to the container's address, in one run.
//
// Throughput is measured so that a slower forwarder shows as slower:
// - the client reads into one reused buffer (socket `onread`), the cheapest reader Node has.
//   A plain 'data' reader allocates 64 KiB per read and costs about as much CPU per byte as
//   the forwarder under test (0.4-0.55 s/GiB against Berth's 0.4-0.5), so whenever a core
//   was free it capped every path alike and pushed every ratio towards 1.0;
// - the sender in the container writes blocks of the size asked for (16 KiB and 1 MiB);
// - paths take turns within a round, in an order that changes every round, and each ratio is
//   taken within a round (same machine load) before the median over rounds;
// - two control forwarders run Berth's own copy code in a process of their own, one of them
//   slowed on purpose (extra copies of every chunk). The run states whether it measured the
//   slowed one as slower: if not, this run cannot tell forwarders apart and its ratios prove nothing.
// Throughput on a machine busy with others' work measures CPU share as much as speed (a path of
// more processes and threads gets more of it), so the run also reports what each path costs:
// the CPU seconds per GiB of sender, forwarder and client, which no load changes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { request } from 'node:http';
import { join } from 'node:path';
import { percentile, ratio, run, stats, type Stats } from './measure';

const TRANSFER_MIB = 128;
export const BLOCKS = { '16KiB': 16 << 10, '1MiB': 1 << 20 } as const;
export type BlockName = keyof typeof BLOCKS;
const WARM_UP_MIB = 64;
const LATENCY_REQUESTS = 1500;
const WARM_UP_REQUESTS = 300;
/** With 5 paths (a prime), 20 rounds put every path in every position, after every other path, equally often. */
const THROUGHPUT_ROUNDS = 20;
/** The slowed control copies each chunk this many more times: roughly twice the CPU per byte of its twin. */
const SLOWED_EXTRA_COPIES = 4;
/** A run can tell forwarders apart when it measures the slowed control at most this fraction of its twin. */
export const SENSITIVITY_LIMIT = 0.9;

export interface Endpoint {
  host: string;
  port: number;
}

export interface Path {
  /** The bulk sender's port. */
  bulk: Endpoint;
  /** The web server's port. */
  web: Endpoint;
  /** The process that forwards, when there is one: its CPU time per GiB is reported. */
  pid?: number;
}

export interface ForwardTargets {
  berth: Path;
  dockerProxy: Path;
  direct: Path;
  /** CPU seconds the container (the sender) has used so far, when the engine's cgroups are readable. */
  senderCpu?: () => number;
}

type LatencyPath = 'berth' | 'dockerProxy' | 'direct';
type BulkPath = LatencyPath | 'control' | 'slowedControl';

export interface RatioResult {
  /** Median over rounds of the ratio within each round. */
  median: number;
  /** The middle half of the rounds lay between these: how much the machine's load moved them. */
  quartiles: [number, number];
}

export interface BlockResult {
  blockBytes: number;
  transferMiB: number;
  rounds: number;
  /** Median MiB/s per path. */
  mibps: Record<BulkPath, number>;
  /** CPU seconds the forwarding process spent per GiB it moved: its cost, whatever the machine's load. */
  forwarderCpuSecondsPerGiB: Partial<Record<BulkPath, number>>;
  /**
   * CPU seconds per GiB of the whole path (sender, forwarder, client), for paths whose processes
   * are all known; direct's divided by Berth's is the share of direct's speed Berth keeps when no core is idle.
   */
  pathCpuSecondsPerGiB: Partial<Record<BulkPath, number>>;
  ratios: {
    berthVsDirect: RatioResult;
    berthVsDockerProxy: RatioResult;
    dockerProxyVsDirect: RatioResult;
    /** The slowed control against its twin: must be at most SENSITIVITY_LIMIT. */
    slowedVsControl: RatioResult;
  };
  /** Whether this run measured the slowed control as slower: without it the ratios above prove nothing. */
  canTellSlowerForwarder: boolean;
}

export interface ForwardBenchResult {
  throughput: Record<BlockName, BlockResult>;
  latency: {
    berth: Stats;
    dockerProxy: Stats;
    direct: Stats;
    p50VsDockerProxy: number;
    /** Median of Berth's latency minus docker-proxy's, request by request, in µs: below 0 is faster. */
    pairedDiffVsDockerProxyUs: number;
  };
}

const readBuffer = Buffer.allocUnsafeSlow(1 << 20);

/** Asks the bulk sender for `mib` MiB in writes of `block` bytes; returns MiB/s. */
export function transfer(to: Endpoint, mib: number, block: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let received = 0;
    const onread = { buffer: readBuffer, callback: (n: number) => ((received += n), true) };
    const socket = connect({ host: to.host, port: to.port, onread }, () => socket.write(`${mib} ${block}\n`));
    socket.on('error', reject);
    socket.on('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (received !== mib * 1024 * 1024) reject(new Error(`received ${received} bytes of ${mib} MiB via ${to.host}:${to.port}`));
      else resolve(mib / seconds);
    });
  });
}

export function get(to: Endpoint): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request({ host: to.host, port: to.port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
    });
    req.setTimeout(5000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** CPU seconds a process has used so far (utime + stime, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Control {
  bulk: Endpoint;
  pid: number;
  process: ChildProcess;
}

async function startControl(to: Endpoint, extraCopies: number): Promise<Control> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'controlForwarder.ts'), to.host, String(to.port), String(extraCopies)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', () => resolve(''));
  });
  if (!/^\d+$/.test(line)) throw new Error('the control forwarder did not start');
  return { bulk: { host: '127.0.0.1', port: Number(line) }, pid: child.pid!, process: child };
}

/** Round `r`'s order of `n` paths (n prime): starts and strides differ from round to round. */
function order(r: number, n: number): number[] {
  const stride = 1 + (r % (n - 1));
  const start = Math.floor(r / (n - 1)) % n;
  return Array.from({ length: n }, (_, k) => (start + k * stride) % n);
}

async function throughput(paths: Record<BulkPath, { bulk: Endpoint; pid?: number }>, block: number, senderCpu?: () => number): Promise<BlockResult> {
  const names = Object.keys(paths) as BulkPath[];
  const mibps = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<BulkPath, number[]>;
  // Summed over all rounds: one transfer takes only a few of /proc's 10 ms ticks.
  const cpu: Partial<Record<BulkPath, number>> = {};
  const pathCpu: Partial<Record<BulkPath, number>> = {};
  const perRound = { berthVsDirect: [] as number[], berthVsDockerProxy: [] as number[], dockerProxyVsDirect: [] as number[], slowedVsControl: [] as number[] };
  for (let r = 0; r < THROUGHPUT_ROUNDS; r++) {
    const round = {} as Record<BulkPath, number>;
    for (const i of order(r, names.length)) {
      const name = names[i];
      const { bulk, pid } = paths[name];
      const cpuBefore = pid ? cpuSeconds(pid) : 0;
      const [senderBefore, clientBefore] = [senderCpu?.() ?? 0, process.cpuUsage()];
      round[name] = await transfer(bulk, TRANSFER_MIB, block);
      const forwarder = pid ? cpuSeconds(pid) - cpuBefore : 0;
      if (pid) cpu[name] = (cpu[name] ?? 0) + forwarder;
      const client = process.cpuUsage(clientBefore);
      pathCpu[name] = (pathCpu[name] ?? 0) + forwarder + (senderCpu?.() ?? 0) - senderBefore + (client.user + client.system) / 1e6;
      mibps[name].push(round[name]);
    }
    perRound.berthVsDirect.push(ratio(round.berth, round.direct));
    perRound.berthVsDockerProxy.push(ratio(round.berth, round.dockerProxy));
    perRound.dockerProxyVsDirect.push(ratio(round.dockerProxy, round.direct));
    perRound.slowedVsControl.push(ratio(round.slowedControl, round.control));
  }
  const ratios = Object.fromEntries(
    Object.entries(perRound).map(([k, v]) => [k, { median: median(v), quartiles: quartiles(v) }]),
  ) as BlockResult['ratios'];
  const gib = (THROUGHPUT_ROUNDS * TRANSFER_MIB) / 1024;
  const perGiB = (seconds: Partial<Record<BulkPath, number>>) =>
    Object.fromEntries(Object.entries(seconds).map(([n, s]) => [n, Math.round((s / gib) * 100) / 100]));
  return {
    blockBytes: block,
    transferMiB: TRANSFER_MIB,
    rounds: THROUGHPUT_ROUNDS,
    mibps: Object.fromEntries(names.map((n) => [n, Math.round(median(mibps[n]))])) as Record<BulkPath, number>,
    forwarderCpuSecondsPerGiB: perGiB(cpu),
    pathCpuSecondsPerGiB: senderCpu ? perGiB(Object.fromEntries(names.filter((n) => n === 'direct' || paths[n].pid).map((n) => [n, pathCpu[n]!]))) : {},
    ratios,
    canTellSlowerForwarder: ratios.slowedVsControl.median <= SENSITIVITY_LIMIT,
  };
}

async function latency(targets: ForwardTargets): Promise<ForwardBenchResult['latency']> {
  const names: LatencyPath[] = ['berth', 'dockerProxy', 'direct'];
  const samples: Record<LatencyPath, number[]> = { berth: [], dockerProxy: [], direct: [] };
  // Warm-up, to the steady state of a helper that has been up for a while: Berth's
  // forwarding code is compiled by V8's JIT only after a few hundred connections.
  for (const name of names) for (let i = 0; i < WARM_UP_REQUESTS; i++) await get(targets[name].web);
  // One request per path in turn, each turn starting one path later, so every path follows
  // every other equally often: what ran just before (Go's spinning threads, a GC) falls on all alike.
  for (let i = 0; i < LATENCY_REQUESTS; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      samples[name].push(await get(targets[name].web));
    }
  }
  return {
    berth: stats(samples.berth),
    dockerProxy: stats(samples.dockerProxy),
    direct: stats(samples.direct),
    // From the unrounded medians: at these sizes a 0.01 ms rounding step is 1.5%.
    p50VsDockerProxy: ratio(median(samples.berth), median(samples.dockerProxy)),
    pairedDiffVsDockerProxyUs: Math.round(median(samples.berth.map((ms, i) => ms - samples.dockerProxy[i])) * 10_000) / 10,
  };
}

export async function forwardBench(targets: ForwardTargets): Promise<ForwardBenchResult> {
  const control = await startControl(targets.direct.bulk, 0);
  const slowed = await startControl(targets.direct.bulk, SLOWED_EXTRA_COPIES);
  try {
    const { berth, dockerProxy, direct } = targets;
    const paths: Record<BulkPath, { bulk: Endpoint; pid?: number }> = { berth, dockerProxy, direct, control, slowedControl: slowed };
    for (const path of Object.values(paths)) await transfer(path.bulk, WARM_UP_MIB, BLOCKS['1MiB']);
    const results = {} as Record<BlockName, BlockResult>;
    for (const [name, block] of Object.entries(BLOCKS) as [BlockName, number][]) results[name] = await throughput(paths, block, targets.senderCpu);
    return { throughput: results, latency: await latency(targets) };
  } finally {
    control.process.kill();
    slowed.process.kill();
  }
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function quartiles(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  return [percentile(sorted, 25), percentile(sorted, 75)];
}

/** The host port docker-proxy publishes for a container port, and that docker-proxy's process. */
export function publishedPort(containerId: string, port: number): { endpoint: Endpoint; pid?: number } {
  const out = run(['docker', 'port', containerId, `${port}/tcp`]).split('\n')[0];
  const [host, p] = out.split(/:(?=\d+$)/);
  return { endpoint: { host, port: Number(p) }, pid: dockerProxyPid(Number(p)) };
}

/** The docker-proxy that listens on a host port (absent when the engine runs in a VM or uses no proxy). */
function dockerProxyPid(hostPort: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (argv[0].endsWith('docker-proxy') && argv[argv.indexOf('-host-port') + 1] === String(hostPort)) return Number(entry);
  }
  return undefined;
}

/** Reads the CPU time of a container's cgroup (cgroup v1 cpuacct or v2), if this host shows it. */
export function containerCpu(containerId: string): (() => number) | undefined {
  const pid = run(['docker', 'inspect', '-f', '{{.State.Pid}}', containerId]);
  let lines: string[];
  try {
    lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  } catch {
    return undefined; // the engine runs in a VM
  }
  const v1 = lines.find((l) => l.split(':')[1]?.split(',').includes('cpuacct'));
  const v2 = lines.find((l) => l.startsWith('0::'));
  const readable = (read: () => number) => {
    try {
      read();
      return read;
    } catch {
      return undefined;
    }
  };
  if (v1) return readable(() => Number(readFileSync(`/sys/fs/cgroup/cpuacct${v1.split(':')[2]}/cpuacct.usage`, 'utf8')) / 1e9);
  if (v2) return readable(() => Number(/usage_usec (\d+)/.exec(readFileSync(`/sys/fs/cgroup${v2.slice(3)}/cpu.stat`, 'utf8'))![1]) / 1e6);
  return undefined;
}

export function containerAddress(containerId: string): string {
  return run(['docker', 'inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', containerId]);
}
