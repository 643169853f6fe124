// Detection latency: from a server starting to listen in the container until the helper
// reports its forward; and the helper's idle CPU cost while it watches a container.
import { spawnSync } from 'node:child_process';
import type { HelperClient } from '../runtime-helper/rpc/client';
import { cpuPercent, cpuTicks, stats, type Stats } from './measure';

export interface DetectBenchResult {
  detection: Stats;
  idle: { seconds: number; cpuPercent: number };
}

const SAMPLES = 20;

export async function detectBench(client: HelperClient, workspaceFolder: string, containerId: string, helperPid: number): Promise<DetectBenchResult> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const port = 7400 + i;
    const seen = new Promise<number>((resolve) => {
      const sub = client.onNotification('ports.changed', (p) => {
        if (p.workspaceFolder === workspaceFolder && p.ports.some((f) => f.containerPort === port && f.localAddress)) {
          sub.dispose();
          resolve(performance.now());
        }
      });
    });
    const started = performance.now();
    spawnSync('docker', ['exec', '-d', containerId, 'busybox', 'httpd', '-p', String(port), '-h', '/tmp']);
    samples.push((await seen) - started);
  }
  return { detection: stats(samples), idle: idleCost(helperPid, 10) };
}

/** CPU the helper burns over `seconds` of idleness. */
function idleCost(pid: number, seconds: number): { seconds: number; cpuPercent: number } {
  const before = cpuTicks(pid);
  spawnSync('sleep', [String(seconds)]);
  return { seconds, cpuPercent: cpuPercent(cpuTicks(pid) - before, seconds) };
}
