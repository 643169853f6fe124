// The environment hooks, exec and terminals run with: what the user's shell sets up
// (userEnvProbe) plus remoteEnv, where ${containerEnv:…} refers to the container's env.
import type { Engine } from './engine';
import { randomBytes } from 'node:crypto';
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

export async function remoteEnvironment(engine: Engine, containerId: string, merged: MergedConfig, remoteUser: string, containerEnv: Record<string, string>): Promise<Record<string, string>> {
  const flags = PROBE_FLAGS[merged.userEnvProbe ?? 'loginInteractiveShell'];
  const probed = flags ? await probe(engine, containerId, remoteUser, flags) : {};
  const base = { ...containerEnv, ...probed };
  const remote = substituteContainerEnv(merged.remoteEnv ?? {}, base);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(remote)) if (v !== null && v !== undefined) out[k] = v;
  // Only what differs from the container's own env needs passing on every exec.
  for (const [k, v] of Object.entries(probed)) if (containerEnv[k] !== v && out[k] === undefined) out[k] = v;
  return out;
}

/**
 * Runs the user's login shell once and reads its environment, NUL-separated. Only stdout
 * counts, and only what lies between two random markers: a shell's complaints (bash -i without
 * a terminal) go to stderr, and rc files may print banners on stdout before or after the dump.
 */
async function probe(engine: Engine, containerId: string, user: string, flags: string[]): Promise<Record<string, string>> {
  const marker = `berth-env-${randomBytes(16).toString('hex')}`;
  const dump = 'printf %s "$0"; cat /proc/self/environ; printf %s "$0"';
  const shell = ['/bin/sh', '-c', 'm=$1; shift; s=$(getent passwd "$(id -un)" 2>/dev/null | cut -d: -f7); exec "${s:-/bin/sh}" "$@" -c "$0" "$m"', dump, marker, ...flags];
  let stdout = '';
  try {
    const result = await Promise.race([
      execIn(engine, containerId, { argv: shell, user, onOutput: (text, stream) => void (stream === 'stdout' && (stdout += text)) }),
      delay(10_000, undefined, { ref: false }),
    ]);
    if (!result) return {};
    return parseEnvDump(stdout, marker);
  } catch {
    return {};
  }
}

/** The NUL-separated entries between the first and the last marker; none when a marker is missing. */
function parseEnvDump(stdout: string, marker: string): Record<string, string> {
  const start = stdout.indexOf(marker);
  const end = stdout.lastIndexOf(marker);
  if (start < 0 || end <= start) return {};
  const env: Record<string, string> = {};
  for (const entry of stdout.slice(start + marker.length, end).split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && !SHELL_OWN.includes(entry.slice(0, eq))) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** Variables that describe the probe's own shell, not the user's environment. */
const SHELL_OWN = ['PWD', 'SHLVL', '_', 'OLDPWD', 'HOSTNAME'];

export function envMap(env: string[] | undefined): Record<string, string> {
  return Object.fromEntries((env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}
