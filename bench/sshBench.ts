// `up` and forwarding over an ssh:// engine: the local engine behind a real sshd on 127.0.0.1
// (the integration tests' own, reached with a key only in this run's ssh-agent), against the
// same on the local socket. What the SSH transport adds: each request of `up` crosses
// `ssh … docker system dial-stdio`, and a forward goes through the relay, as on any remote engine.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PortForward } from '../runtime-helper/rpc/protocol';
import { startSshEngine } from '../test/support/remoteEngines';
import { containerAddress, get, transfer, type Endpoint } from './forwardBench';
import { ratio, run, stats, timeCommand, type Stats } from './measure';

const ROUNDS = { warm: 10, cold: 4 };
const REQUESTS = 300;
const TRANSFER_MIB = 32;
const BLOCK = 1 << 20;
const WHERE = ['local', 'ssh'] as const;
type Where = (typeof WHERE)[number];

interface PathFigures {
  latency: Stats;
  mibps: number;
}

export interface SshBenchResult {
  up: Record<Where, { warm: Stats; cold: Stats }>;
  /** The forward of the same container: the relay over ssh; locally, whichever path Berth chose. */
  forward: Record<Where, PathFigures & { path: string }>;
  direct: PathFigures;
  ratios: { upWarmSshVsLocal: number; upColdSshVsLocal: number; latencySshVsDirect: number; throughputSshVsDirect: number };
}

export async function sshBench(berthCli: string, fixture: string): Promise<SshBenchResult> {
  const ssh = await startSshEngine();
  // Copies of the forwarding fixture, one per engine address: each a container and forwards of its own.
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-ssh-'));
  const wss = Object.fromEntries(WHERE.map((w) => [w, join(dir, w)])) as Record<Where, string>;
  for (const w of WHERE) cpSync(fixture, wss[w], { recursive: true });
  const envs: Record<Where, NodeJS.ProcessEnv> = {
    local: { ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' },
    ssh: { ...process.env, ...ssh.env, DOCKER_HOST: `ssh://root@127.0.0.1:${ssh.port}` },
  };
  const berth = (where: Where, ...args: string[]) => spawnSync(process.execPath, [berthCli, ...args, '--workspace-folder', wss[where]], { env: envs[where], encoding: 'utf8' }).stdout;
  const up = (where: Where) => timeCommand([process.execPath, berthCli, 'up', '--workspace-folder', wss[where]], envs[where]);
  const containers = (where: Where, all: boolean) => run(['docker', 'ps', '-q', '--no-trunc', ...(all ? ['-a'] : []), '--filter', `label=devcontainer.local_folder=${wss[where]}`]).split('\n').filter(Boolean);
  const remove = (where: Where) => {
    const ids = containers(where, true);
    if (ids.length) run(['docker', 'rm', '-f', ...ids]);
  };
  try {
    const samples = { ssh: { warm: [] as number[], cold: [] as number[] }, local: { warm: [] as number[], cold: [] as number[] } };
    // Cold rounds take turns, so the machine's drift falls on both alike.
    for (let i = 0; i < ROUNDS.cold; i++) for (const where of WHERE) (remove(where), samples[where].cold.push(up(where)));
    for (const where of WHERE) {
      up(where); // not counted: the helper and, over ssh, its connection reach their steady state
      for (let i = 0; i < ROUNDS.warm; i++) samples[where].warm.push(up(where));
    }
    await new Promise((r) => setTimeout(r, 1000)); // the servers of postStartCommand
    const forward = {} as SshBenchResult['forward'];
    for (const where of WHERE) {
      const listed = JSON.parse(berth(where, 'ports', '--json') || '[]') as PortForward[];
      const local = (port: number): Endpoint => {
        const f = listed.find((p) => p.containerPort === port && p.localPort);
        if (!f) throw new Error(`no forward for ${port} (${where}): ${JSON.stringify(listed)}`);
        return { host: '127.0.0.1', port: f.localPort! };
      };
      forward[where] = { path: listed.find((p) => p.containerPort === 9001)?.path ?? '?', ...(await measure(local(9001), local(9000))) };
    }
    const address = containerAddress(containers('ssh', false)[0]);
    const direct = await measure({ host: address, port: 9001 }, { host: address, port: 9000 });
    const [upSsh, upLocal] = WHERE.map((w) => ({ warm: stats(samples[w].warm), cold: stats(samples[w].cold) }));
    return {
      up: { ssh: upSsh, local: upLocal },
      forward,
      direct,
      ratios: {
        upWarmSshVsLocal: ratio(upSsh.warm.medianMs, upLocal.warm.medianMs),
        upColdSshVsLocal: ratio(upSsh.cold.medianMs, upLocal.cold.medianMs),
        latencySshVsDirect: ratio(forward.ssh.latency.medianMs, direct.latency.medianMs),
        throughputSshVsDirect: ratio(forward.ssh.mibps, direct.mibps),
      },
    };
  } finally {
    for (const where of WHERE) (berth(where, 'down', '--remove'), remove(where));
    ssh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Small-request latency through `web` and one bulk transfer's MiB/s through `bulk` (after a warm-up of each). */
async function measure(web: Endpoint, bulk: Endpoint): Promise<PathFigures> {
  for (let i = 0; i < 50; i++) await get(web);
  const latencies: number[] = [];
  for (let i = 0; i < REQUESTS; i++) latencies.push(await get(web));
  await transfer(bulk, 8, BLOCK);
  const mibps = await transfer(bulk, TRANSFER_MIB, BLOCK);
  return { latency: stats(latencies), mibps: Math.round(mibps) };
}
