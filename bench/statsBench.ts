// What live stats cost: the helper's and the engine's CPU while the Containers tree is
// hidden (no subscription: the helper makes no stats calls) and while it is visible.
import { execFileSync } from 'node:child_process';
import type { HelperClient } from '../runtime-helper/rpc/client';
import { cpuPercent, cpuTicks } from './measure';

export interface StatsCost {
  helperCpuPercent: number;
  engineCpuPercent: number;
  samplesPerSecond: number;
}

export interface StatsBenchResult {
  seconds: number;
  runningContainers: number;
  hidden: StatsCost;
  visible: StatsCost;
}

export async function statsBench(client: HelperClient, helperPid: number, seconds = 10): Promise<StatsBenchResult> {
  const enginePid = Number(execFileSync('pidof', ['dockerd'], { encoding: 'utf8' }).trim().split(' ')[0]);
  const runningContainers = execFileSync('docker', ['ps', '-q'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
  let samples = 0;
  const sub = client.onNotification('stats.data', () => samples++);
  const measure = async (): Promise<StatsCost> => {
    samples = 0;
    const before = { helper: cpuTicks(helperPid), engine: cpuTicks(enginePid) };
    await new Promise((r) => setTimeout(r, seconds * 1000));
    return {
      helperCpuPercent: cpuPercent(cpuTicks(helperPid) - before.helper, seconds),
      engineCpuPercent: cpuPercent(cpuTicks(enginePid) - before.engine, seconds),
      samplesPerSecond: Math.round((samples / seconds) * 10) / 10,
    };
  };
  const hidden = await measure();
  const { subscriptionId } = await client.request('stats.subscribe', {});
  await new Promise((r) => setTimeout(r, 1000)); // the first samples of each stream
  const visible = await measure();
  await client.request('stats.unsubscribe', { subscriptionId });
  sub.dispose();
  return { seconds, runningContainers, hidden, visible };
}
