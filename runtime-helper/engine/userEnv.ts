// The environment hooks, exec and terminals run with: what the user's shell sets up
// (userEnvProbe) plus remoteEnv, where ${containerEnv:…} refers to the container's env.
import type Docker from 'dockerode';
import { setTimeout as delay } from 'node:timers/promises';
import { substituteContainerEnv } from '../config/substitute';
import type { MergedConfig } from '../config/types';
import { execIn } from './execIn';

const PROBE_FLAGS: Record<string, string[] | undefined> = {
  none: undefined,
  loginShell: ['-l'],
  interactiveShell: ['-i'],
  loginInteractiveShell: ['-l', '-i'],
};

export async function remoteEnvironment(docker: Docker, containerId: string, merged: MergedConfig, remoteUser: string, containerEnv: Record<string, string>): Promise<Record<string, string>> {
  const flags = PROBE_FLAGS[merged.userEnvProbe ?? 'loginInteractiveShell'];
  const probed = flags ? await probe(docker, containerId, remoteUser, flags) : {};
  const base = { ...containerEnv, ...probed };
  const remote = substituteContainerEnv(merged.remoteEnv ?? {}, base);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(remote)) if (v !== null && v !== undefined) out[k] = v;
  // Only what differs from the container's own env needs passing on every exec.
  for (const [k, v] of Object.entries(probed)) if (containerEnv[k] !== v && out[k] === undefined) out[k] = v;
  return out;
}

/** Runs the user's login shell once and reads its environment, NUL-separated. */
async function probe(docker: Docker, containerId: string, user: string, flags: string[]): Promise<Record<string, string>> {
  const shell = ['/bin/sh', '-c', 's=$(getent passwd "$(id -un)" 2>/dev/null | cut -d: -f7); exec "${s:-/bin/sh}" "$@" -c "cat /proc/self/environ"', 'probe', ...flags];
  try {
    const result = await Promise.race([
      execIn(docker, containerId, { argv: shell, user }),
      delay(10_000, undefined, { ref: false }),
    ]);
    if (!result || result.exitCode !== 0) return {};
    const env: Record<string, string> = {};
    for (const entry of result.output.split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0 && !['PWD', 'SHLVL', '_', 'OLDPWD', 'HOSTNAME'].includes(entry.slice(0, eq))) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return env;
  } catch {
    return {};
  }
}

export function envMap(env: string[] | undefined): Record<string, string> {
  return Object.fromEntries((env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}
