// Forwarding speed: a 1 GiB transfer and small-request latency through a Berth forward,
// through docker-proxy (-p 127.0.0.1::PORT) and straight to the container's address, in one run.
import { connect } from 'node:net';
import { request } from 'node:http';
import { ratio, run, stats, type Stats } from './measure';

const TRANSFER_MIB = 1024;
const LATENCY_REQUESTS = 1500;
const WARM_UP_REQUESTS = 300;

export interface Endpoint {
  host: string;
  port: number;
}

export interface PathResult {
  throughputMiBps: number;
  latency: Stats;
}

export interface ForwardBenchResult {
  berth: PathResult;
  dockerProxy: PathResult;
  direct: PathResult;
  ratios: { throughputVsDockerProxy: number; throughputVsDirect: number; p50VsDockerProxy: number };
  /** Median of Berth's latency minus docker-proxy's, request by request, in µs: below 0 is faster. */
  pairedDiffVsDockerProxyUs: number;
}

/** Reads `mib` MiB from the bulk sender and returns MiB/s. */
function transfer(to: Endpoint, mib: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let received = 0;
    const socket = connect(to.port, to.host, () => socket.write(`${mib}\n`));
    socket.on('data', (d) => (received += d.length));
    socket.on('error', reject);
    socket.on('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (received !== mib * 1024 * 1024) reject(new Error(`received ${received} bytes of ${mib} MiB via ${to.host}:${to.port}`));
      else resolve(Math.round(mib / seconds));
    });
  });
}

function get(to: Endpoint): Promise<number> {
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

const ROUNDS = 3;
type PathName = 'berth' | 'dockerProxy' | 'direct';

/** Paths take turns, round after round, so that machine noise falls on all of them alike. */
export async function forwardBench(targets: ForwardTargets): Promise<ForwardBenchResult> {
  const names: PathName[] = ['berth', 'dockerProxy', 'direct'];
  const throughput: Record<PathName, number[]> = { berth: [], dockerProxy: [], direct: [] };
  const latency: Record<PathName, number[]> = { berth: [], dockerProxy: [], direct: [] };
  // Warm-up, to the steady state of a helper that has been up for a while: Berth's
  // forwarding code is compiled by V8's JIT only after a few hundred connections.
  for (const name of names) {
    await transfer(targets[name][0], 64);
    for (let i = 0; i < WARM_UP_REQUESTS; i++) await get(targets[name][1]);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) throughput[name].push(await transfer(targets[name][0], TRANSFER_MIB));
    // One request per path in turn, each turn starting one path later, so every path follows
    // every other equally often: what ran just before (Go's spinning threads, a GC) falls on all alike.
    for (let i = 0; i < LATENCY_REQUESTS / ROUNDS; i++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        latency[name].push(await get(targets[name][1]));
      }
    }
  }
  const result = (name: PathName): PathResult => ({ throughputMiBps: median(throughput[name]), latency: stats(latency[name]) });
  const [berth, dockerProxy, direct] = names.map(result);
  return {
    berth,
    dockerProxy,
    direct,
    ratios: {
      throughputVsDockerProxy: ratio(berth.throughputMiBps, dockerProxy.throughputMiBps),
      throughputVsDirect: ratio(berth.throughputMiBps, direct.throughputMiBps),
      // From the unrounded medians: at these sizes a 0.01 ms rounding step is 1.5%.
      p50VsDockerProxy: ratio(median(latency.berth), median(latency.dockerProxy)),
    },
    pairedDiffVsDockerProxyUs: Math.round(median(latency.berth.map((ms, i) => ms - latency.dockerProxy[i])) * 10_000) / 10,
  };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

export interface ForwardTargets {
  berth: [Endpoint, Endpoint];
  dockerProxy: [Endpoint, Endpoint];
  direct: [Endpoint, Endpoint];
}

/** The host port docker-proxy publishes for a container port. */
export function publishedPort(containerId: string, port: number): Endpoint {
  const out = run(['docker', 'port', containerId, `${port}/tcp`]).split('\n')[0];
  const [host, p] = out.split(/:(?=\d+$)/);
  return { host, port: Number(p) };
}

export function containerAddress(containerId: string): string {
  return run(['docker', 'inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', containerId]);
}
