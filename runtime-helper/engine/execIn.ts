// Runs one argv in a container through the engine's exec API (never a host shell)
// and reports its output as it arrives and its exit code.
import type { Engine } from './engine';
import { PassThrough } from 'node:stream';

export interface ExecSpec {
  argv: string[];
  user?: string;
  workdir?: string;
  env?: Record<string, string>;
  /** Called with each chunk of stdout and stderr, decoded. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Aborting ends the command and everything it started in the container. */
  signal?: AbortSignal;
}

export interface ExecOutcome {
  exitCode: number;
  /** The last 64 KiB of combined output, for error messages. */
  output: string;
  /** The signal ended the command before it finished (one that still exits 0 finished). */
  cancelled?: boolean;
}

const KEEP = 64 * 1024;

// An exec is the leader of its own process group. A stoppable command first says its pid
// on stderr, then becomes the command (same pid), so the whole group can be signalled.
const SAY_PID = ['/bin/sh', '-c', 'echo "berth-pid $$" >&2; exec "$@"', 'berth-exec'];
const PID_LINE = /^berth-pid (\d+)\n/;
/** How long a cancelled command has between TERM and KILL. */
const GRACE_MS = 3000;

export async function execIn(engine: Engine, containerId: string, spec: ExecSpec): Promise<ExecOutcome> {
  if (spec.signal?.aborted) return { exitCode: 130, output: '', cancelled: true };
  const stoppable = spec.signal !== undefined;
  const exec = await engine.exec(containerId, { cmd: stoppable ? [...SAY_PID, ...spec.argv] : spec.argv, user: spec.user, workdir: spec.workdir, env: spec.env });
  const { stream } = exec;
  let output = '';
  let pid: string | undefined;
  let pidLine = stoppable ? '' : undefined;
  let cancelled = false;
  const stop = (signal: 'TERM' | 'KILL') => pid && void signalGroup(engine, containerId, pid, signal).catch(() => undefined);
  const deliver = (text: string, name: 'stdout' | 'stderr') => {
    output = (output + text).slice(-KEEP);
    spec.onOutput?.(text, name);
  };
  const sink = (name: 'stdout' | 'stderr') => {
    const pass = new PassThrough();
    pass.setEncoding('utf8');
    pass.on('data', (text: string) => {
      if (name === 'stderr' && pidLine !== undefined) {
        // The pid line is Berth's, not the command's: keep it out of the output.
        pidLine += text;
        if (!pidLine.includes('\n')) return;
        const said = PID_LINE.exec(pidLine);
        pid = said?.[1];
        text = said ? pidLine.slice(said[0].length) : pidLine;
        pidLine = undefined;
        if (cancelled) stop('TERM');
        if (!text) return;
      }
      deliver(text, name);
    });
    return pass;
  };
  engine.demux(stream, sink('stdout'), sink('stderr'));
  let killTimer: NodeJS.Timeout | undefined;
  let killed = false;
  const onAbort = () => {
    cancelled = true;
    stop('TERM');
    // A command that ignores TERM gets KILL; the output stream ends when it is gone.
    killTimer = setTimeout(() => {
      killed = true;
      stop('KILL');
      stream.destroy();
    }, GRACE_MS);
  };
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', (err) => (cancelled ? resolve() : reject(err)));
    });
  } finally {
    spec.signal?.removeEventListener('abort', onAbort);
    clearTimeout(killTimer);
  }
  // No pid line came (the shell did not start): what came instead is the output.
  if (pidLine) deliver(pidLine, 'stderr');
  if (killed) return { exitCode: 137, output, cancelled };
  const exitCode = (await exec.exitCode()) ?? 0;
  return cancelled && exitCode !== 0 ? { exitCode, output, cancelled } : { exitCode, output };
}

/** Signals a process group in the container, as root so a hook that changed user is reached too. */
export async function signalGroup(engine: Engine, containerId: string, pid: string, signal: 'TERM' | 'KILL'): Promise<void> {
  await engine.execDetached(containerId, { cmd: ['/bin/sh', '-c', 'kill -s "$1" -- "-$2" 2>/dev/null || kill -s "$1" "$2"', 'berth-stop', signal, pid], user: '0' });
}
