// Lifecycle hooks: a string runs through a shell, an array runs as argv, an object's
// parts run in parallel. A failure names the hook, its part and its exit code.
import { spawn } from 'node:child_process';
import type { Engine } from './engine';
import type { HookCommand, LifecycleCommand } from '../config/types';
import type { ProgressSink } from '../util/progress';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { cancelledError } from './cancel';
import { execIn, type ExecOutcome } from './execIn';

export interface Invocation {
  /** The key when the hook is an object of parallel commands. */
  name?: string;
  argv: string[];
}

function hookInvocations(cmd: LifecycleCommand): Invocation[] {
  const one = (c: string | string[], name?: string): Invocation => ({ name, argv: typeof c === 'string' ? ['/bin/sh', '-c', c] : c });
  if (typeof cmd === 'string' || Array.isArray(cmd)) return [one(cmd)];
  return Object.entries(cmd).map(([name, c]) => one(c, name));
}

/** Runs a command somewhere and resolves with its exit code and output; `signal` stops it. */
export type Runner = (argv: string[], onOutput: (text: string) => void, signal?: AbortSignal) => Promise<ExecOutcome>;

export function containerRunner(engine: Engine, containerId: string, user: string, workdir: string, env: Record<string, string>): Runner {
  return (argv, onOutput, signal) => execIn(engine, containerId, { argv, user, workdir, env, onOutput, signal });
}

/** initializeCommand runs on the host, in the workspace folder, in the environment of the
 * client that asked (the user's shell), not the long-lived helper's. */
export function hostRunner(cwd: string, env: NodeJS.ProcessEnv = process.env): Runner {
  return (argv, onOutput, signal) =>
    new Promise((resolve) => {
      let output = '';
      if (signal?.aborted) return resolve({ exitCode: 130, output, cancelled: true });
      // Its own process group, so that cancelling ends what it started too.
      const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const end = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      };
      signal?.addEventListener('abort', end, { once: true });
      const collect = (b: Buffer) => {
        const text = b.toString();
        output = (output + text).slice(-65536);
        onOutput(text);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', (err) => resolve({ exitCode: 127, output: err.message }));
      child.on('close', (code) => {
        signal?.removeEventListener('abort', end);
        resolve(signal?.aborted && code !== 0 ? { exitCode: code ?? 143, output, cancelled: true } : { exitCode: code ?? 1, output });
      });
    });
}

/** Where a failing command is reported: the config's hook, or the entry of the feature that contributed it. */
export type HookLocation = Partial<BerthError> | ((feature: string | undefined) => Partial<BerthError>);

/**
 * Runs every command of one hook (image metadata entries first, the config's last). A feature's
 * command is named with its feature, as the devcontainer CLI names it ("from Feature 'id'").
 */
export async function runHook(hook: string, commands: HookCommand[], run: Runner, progress: ProgressSink, where: HookLocation = {}, signal?: AbortSignal): Promise<Result<void>> {
  for (const { command, feature } of commands) {
    const started = Date.now();
    const title = feature ? `${hook} from Feature '${feature}'` : hook;
    const at = typeof where === 'function' ? where(feature) : where;
    progress({ phase: 'hook', hook, message: `Running ${title}` });
    const results = await Promise.all(
      hookInvocations(command).map(async (inv) => ({ inv, ...(await run(inv.argv, (text) => progress({ phase: 'hook', hook, message: `Running ${title}`, output: text }), signal)) })),
    );
    const durationMs = Date.now() - started;
    const cancelled = results.some((r) => r.cancelled);
    const failed = results.find((r) => r.exitCode !== 0);
    progress({ phase: 'hook', hook, message: `${title} ${cancelled ? 'cancelled' : failed ? 'failed' : 'done'}`, durationMs });
    // A config's hook is named by its property (and part); a feature's by the feature's entry.
    const property = (part?: string) => (feature && at.property) || (part ? `${hook}.${part}` : hook);
    if (cancelled) return fail(cancelledError(title, { ...at, property: property() }));
    if (failed) {
      const part = failed.inv.name ? ` (part "${failed.inv.name}")` : '';
      const tail = failed.output.trim().split('\n').slice(-10).join('\n    ');
      return fail({
        ...at,
        property: property(failed.inv.name),
        message: `${title}${part} failed with exit code ${failed.exitCode}${tail ? `; its last output:\n    ${tail}` : ''}`,
        fix: feature ? `The feature '${feature}' brings this command: change the feature's options or version, or report it to its author, then run \`berth up\` again.` : `Fix the command in ${hook}, then run \`berth up\` again.`,
      });
    }
  }
  return ok(undefined);
}
