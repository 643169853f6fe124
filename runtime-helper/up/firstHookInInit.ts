// The first create-time hook, run by the container's own keep-alive command instead of an exec
// after the start: an exec costs a round trip through the engine's runtime (~66 ms), the init
// process is started anyway. Only where that is the same as an exec: the init process runs as
// the remote user, in the user's shell (userEnvProbe's flags), with nothing of remoteEnv to add.
// Its output and exit code come back through the container's log (status lines carrying a
// random token); its environment is not read there (rc files may export secrets, and the log is
// readable by anyone with engine access): the first exec or terminal probes it, as after any
// `up` that left it unknown (engine/remoteContext.ts).
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { HookCommand, MergedConfig } from '../config/types';
import type { ContainerSpec, Engine } from '../engine/engine';
import { KEEP_ALIVE } from '../engine/createOptions';
import type { ExecOutcome } from '../engine/execIn';
import { inUserShell, probeFlags } from '../engine/userEnv';
import { CREATE_HOOKS } from '../rpc/spec';

/**
 * $1 the token, $2 the workspace folder, $3 the run-once marker, then the hook's argv in the
 * user's shell. The marker is made before the hook starts, so a restart (the command stays in
 * the container's config) never runs it again; a marker that cannot be made means "not run",
 * and the hook then runs through an exec as before. USR2 (the engine's kill API) cancels: TERM
 * to the init's process group (the hook and what it started), the script itself excepted; USR1,
 * a grace period later, KILLs what is left.
 * The user's shell starts with its output discarded (an rc file's banner is not the hook's)
 * and hands the hook the real stdout and stderr (fds 3 and 4).
 */
const INIT_SCRIPT = [
  'echo Container started',
  'trap "exit 0" TERM INT',
  'trap \'x=1; trap "" TERM; kill -TERM 0; trap "exit 0" TERM INT\' USR2',
  // KILL cannot be trapped: as the container's PID 1 the script is immune to it, else only the hook's own process gets it.
  'trap \'if [ $$ = 1 ]; then kill -KILL 0; else kill -KILL $p; fi\' USR1',
  't=$1 w=$2 m=$3; shift 3',
  'if [ -z "$x" ] && (set -C; : > "$m") 2>/dev/null; then',
  '  echo "$t begin"',
  '  (cd -- "$w" 2>&4 && exec "$@") 3>&1 4>&2 >/dev/null 2>&1 &',
  '  p=$!; wait $p; c=$?',
  // A wait that a trapped signal interrupted returns >128 while the hook still runs.
  '  while [ $c -gt 128 ] && kill -0 $p 2>/dev/null; do wait $p; c=$?; done',
  '  trap "" USR1 USR2; echo "$t end $c"',
  'else echo "$t skipped"; fi',
  'while :; do sleep 1000 & wait $!; done',
].join('\n');

/** Hands the hook the stdout and stderr the user's shell started without. */
const HOOK_IN_SHELL = 'exec 1>&3 2>&4 3>&- 4>&-; exec "$@"';

/** Where the run-once marker lives: every image has /tmp, writable by every user. */
const MARKER_DIR = '/tmp';

/** How long a cancelled hook has between TERM and KILL. */
const GRACE_MS = 3000;

export interface FirstHookInInit {
  /** The container's command that runs the hook. */
  command: string[];
  /** The hook's argv (as an exec would run it), so the runner knows its call. */
  argv: string[];
  token: string;
}

/** What decides whether the init process can run the first hook as an exec would. */
export interface InitFacts {
  merged: MergedConfig;
  options: ContainerSpec;
  /** The user `up` runs hooks as. */
  remoteUser: string;
  /** The image's own user (the init process's when the options name none). */
  imageUser: string | undefined;
  workspaceFolder: string;
}

/** The plan, or undefined where the init process would differ from an exec (then nothing changes). */
export function planFirstHookInInit({ merged, options, remoteUser, imageUser, workspaceFolder }: InitFacts): FirstHookInInit | undefined {
  const flags = probeFlags(merged);
  if (!flags || Object.keys(merged.remoteEnv ?? {}).length > 0) return undefined;
  // Only Berth's own keep-alive (overrideCommand, no feature entrypoints, no --entrypoint) is replaced.
  const keepAlive = [options.Entrypoint ?? []].flat().concat(options.Cmd ?? []);
  if (keepAlive.join('\0') !== KEEP_ALIVE.join('\0')) return undefined;
  // The hook's output and status come back through the log: a log driver set in runArgs may keep none.
  if (options.HostConfig?.LogConfig !== undefined) return undefined;
  // With a TTY (`-t` in runArgs) the log is one raw stream, not stdout and stderr framed apart.
  if (options.Tty) return undefined;
  // No user switch inside: the init process must already be the remote user.
  if ((options.User || imageUser || 'root') !== (remoteUser || 'root')) return undefined;
  const argv = singleCommand(firstDueHook(merged));
  if (!argv) return undefined;
  const token = `berth-hook-${randomBytes(16).toString('hex')}`;
  const inShell = inUserShell(HOOK_IN_SHELL, 'berth-hook', flags, argv);
  return { command: ['/bin/sh', '-c', INIT_SCRIPT, 'berth-init', token, workspaceFolder, `${MARKER_DIR}/.${token}`, ...inShell], argv, token };
}

/** The container options with the plan's command instead of the keep-alive. */
export function withInitCommand(options: ContainerSpec, plan: FirstHookInInit): ContainerSpec {
  return { ...options, Entrypoint: plan.command.slice(0, 1), Cmd: plan.command.slice(1) };
}

/** The commands of the first create hook that has any. */
function firstDueHook(merged: MergedConfig): HookCommand[] {
  return CREATE_HOOKS.map((name) => merged.hooks[name]).find((commands) => commands.length > 0) ?? [];
}

/** The argv of a hook that is one command (not parallel parts), as runHook would run it. */
function singleCommand(commands: HookCommand[]): string[] | undefined {
  if (commands.length !== 1) return undefined;
  const { command } = commands[0];
  if (typeof command === 'string') return ['/bin/sh', '-c', command];
  return Array.isArray(command) && command.length > 0 ? command : undefined;
}

/**
 * Follows the container's log from its start to the hook's end: the output between the status
 * lines is the hook's. Undefined when the script did not run it (it is then still to run).
 * A log that ends without the end line (the container stopped) counts as a failure.
 */
export async function followFirstHook(engine: Engine, containerId: string, plan: FirstHookInInit, onOutput: (text: string) => void, signal?: AbortSignal): Promise<ExecOutcome | undefined> {
  const log = await engine.logs(containerId, { timestamps: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.setEncoding('utf8');
  stderr.setEncoding('utf8');
  engine.demux(log, stdout, stderr);
  let output = '';
  const deliver = (text: string) => {
    output = (output + text).slice(-64 * 1024);
    onOutput(text);
  };
  let begun = false;
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const ended = new Promise<ExecOutcome | undefined>((resolve) => {
    // The log is line-based: a status line is a whole line of stdout.
    let pending = '';
    stdout.on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const status = line.startsWith(`${plan.token} `) ? line.slice(plan.token.length + 1) : undefined;
        if (status === 'begin') begun = true;
        else if (status === 'skipped') return resolve(undefined);
        else if (status?.startsWith('end ')) {
          const exitCode = Number(status.slice(4));
          return resolve(cancelled && exitCode !== 0 ? { exitCode, output, cancelled } : { exitCode, output });
        } else if (begun) deliver(`${line}\n`);
      }
    });
    stderr.on('data', (text: string) => begun && deliver(text));
    const stopped = () => resolve({ exitCode: 1, output: `${output}${pending}\n(the container stopped before the command ended)` });
    log.on('end', stopped);
    log.on('error', stopped);
    onAbort = () => {
      cancelled = true;
      void engine.signalContainer(containerId, 'SIGUSR2').catch(() => undefined);
      killTimer = setTimeout(() => {
        void engine.signalContainer(containerId, 'SIGUSR1').catch(() => undefined);
        resolve({ exitCode: 137, output, cancelled: true });
      }, GRACE_MS);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await ended;
  } finally {
    clearTimeout(killTimer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    (log as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}
