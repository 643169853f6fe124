// The environment hooks, exec and terminals run with: what the user's shell sets up
// (userEnvProbe) plus remoteEnv, where ${containerEnv:…} refers to the container's env.
import type { Engine } from './engine';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { substituteContainerEnv } from '../config/substitute';
import type { MergedConfig } from '../config/types';
import { execIn, type ExecOutcome, type ExecSpec } from './execIn';

const PROBE_FLAGS: Record<string, string[] | undefined> = {
  none: undefined,
  loginShell: ['-l'],
  interactiveShell: ['-i'],
  loginInteractiveShell: ['-l', '-i'],
};

/** The shell flags userEnvProbe asks for; undefined when it asks for no probe. */
export function probeFlags(merged: MergedConfig): string[] | undefined {
  return PROBE_FLAGS[merged.userEnvProbe ?? 'loginInteractiveShell'];
}

export async function remoteEnvironment(engine: Engine, containerId: string, merged: MergedConfig, remoteUser: string, containerEnv: Record<string, string>): Promise<Record<string, string>> {
  const flags = probeFlags(merged);
  return remoteEnvFrom(merged, flags ? await probe(engine, containerId, remoteUser, flags) : {}, containerEnv);
}

/** remoteEnv over what the probe found; only what differs from the container's own env, which every exec has anyway. */
export function remoteEnvFrom(merged: MergedConfig, probed: Record<string, string>, containerEnv: Record<string, string>): Record<string, string> {
  const base = { ...containerEnv, ...probed };
  const remote = substituteContainerEnv(merged.remoteEnv ?? {}, base);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(remote)) if (v !== null && v !== undefined) out[k] = v;
  for (const [k, v] of Object.entries(probed)) if (containerEnv[k] !== v && out[k] === undefined) out[k] = v;
  return out;
}

/** As much of a command's output as execIn keeps. */
const KEEP_OUTPUT = 64 * 1024;

/** How long the user's shell may take to start before its environment counts as unknown. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * The user's shell (their passwd entry's, else /bin/sh) with `flags`, running `script` with the
 * marker as its $0 and `args` after it: nothing of the config is pasted into the script.
 */
export function inUserShell(script: string, marker: string, flags: string[], args: string[] = []): string[] {
  return ['/bin/sh', '-c', 'm=$1; f=$2; shift 2; s=$(getent passwd "$(id -un)" 2>/dev/null | cut -d: -f7); exec "${s:-/bin/sh}" $f -c "$0" "$m" "$@"', script, marker, flags.join(' '), ...args];
}

/** Prints the shell's environment, NUL-separated, between two markers. */
const DUMP = 'printf %s "$0"; cat /proc/self/environ; printf %s "$0"';

/**
 * Runs the user's login shell once and reads its environment, NUL-separated. Only stdout
 * counts, and only what lies between two random markers: a shell's complaints (bash -i without
 * a terminal) go to stderr, and rc files may print banners on stdout before or after the dump.
 */
async function probe(engine: Engine, containerId: string, user: string, flags: string[]): Promise<Record<string, string>> {
  const marker = newMarker();
  let stdout = '';
  try {
    const result = await Promise.race([
      execIn(engine, containerId, { argv: inUserShell(DUMP, marker, flags), user, onOutput: (text, stream) => void (stream === 'stdout' && (stdout += text)) }),
      delay(PROBE_TIMEOUT_MS, undefined, { ref: false }),
    ]);
    if (!result) return {};
    return parseEnvDump(stdout, marker);
  } catch {
    return {};
  }
}

/**
 * The probe and the first command in one exec: the user's shell dumps its environment, marks
 * the end on both streams, then becomes the command, which so runs in that very environment.
 * One exec fewer after every start. `onProbed` gets the environment as soon as it is read.
 * Undefined when the shell never got to the command (it is then still to run).
 */
export async function probeAndRun(engine: Engine, containerId: string, user: string, flags: string[], spec: ExecSpec & { onOutput: (text: string) => void }, onProbed: (probed: Record<string, string>) => void): Promise<ExecOutcome | undefined> {
  const marker = newMarker();
  const tooSlow = new AbortController();
  const timer = setTimeout(() => tooSlow.abort(), PROBE_TIMEOUT_MS);
  const signal = spec.signal ? AbortSignal.any([spec.signal, tooSlow.signal]) : tooSlow.signal;
  let stdout = '';
  let stderr = '';
  let probed = false;
  let shellDone = false;
  // The command's own output, for its error message (the dump is not part of it).
  let output = '';
  const onOutput = (text: string, stream: 'stdout' | 'stderr') => {
    if (stream === 'stdout' && !probed) {
      stdout += text;
      const start = stdout.indexOf(marker);
      const end = start < 0 ? -1 : stdout.indexOf(marker, start + marker.length);
      if (end < 0) return;
      probed = true;
      clearTimeout(timer);
      onProbed(parseEnvDump(stdout.slice(0, end + marker.length), marker));
      text = stdout.slice(end + marker.length);
    } else if (stream === 'stderr' && !shellDone) {
      // What the shell said on stderr before the command started is the shell's, not the command's.
      stderr += text;
      const end = stderr.indexOf(marker);
      if (end < 0) return;
      shellDone = true;
      text = stderr.slice(end + marker.length);
    }
    if (!text) return;
    output = (output + text).slice(-KEEP_OUTPUT);
    spec.onOutput(text);
  };
  try {
    const outcome = await execIn(engine, containerId, { ...spec, argv: inUserShell(`${DUMP}; printf %s "$0" >&2; exec "$@"`, marker, flags, spec.argv), user, signal, onOutput });
    return probed || spec.signal?.aborted ? { ...outcome, output } : undefined;
  } catch (err) {
    if (probed) throw err;
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function newMarker(): string {
  return `berth-env-${randomBytes(16).toString('hex')}`;
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
