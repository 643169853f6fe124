// The compose CLI, the one place that knows its two generations: `docker compose` (v2,
// preferred) and `docker-compose` (v1). Berth drives it as the devcontainer CLI does,
// because the engine has no compose API. Arguments are passed as argv, never through a shell.
// The devcontainer CLI's third difference, `additional_contexts` (compose >= 2.17) for building
// features through `compose build`, never arises here: compose builds only the service's own
// Dockerfile, and Berth installs the features on that image with its own build (features/stage.ts).
import { spawn, spawnSync } from 'node:child_process';
import type { ProgressSink } from '../util/progress';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { composeInstallHint, readOsRelease } from './installHint';

export interface ComposeCli {
  /** The program and the arguments before compose's own: ['docker', 'compose'] or ['docker-compose']. */
  argv: string[];
  /** As `version --short` reports it, e.g. "1.29.2" or "2.27.0". */
  version: string;
}

export interface ComposeRun {
  code: number;
  stdout: string;
  stderr: string;
}

const cache = new Map<string, Result<ComposeCli>>();

/** Which compose to run: an explicit path, else `docker compose`, else `docker-compose`. */
export function findComposeCli(env: NodeJS.ProcessEnv, explicitPath?: string): Result<ComposeCli> {
  const key = `${explicitPath ?? ''}\0${env.PATH ?? ''}`;
  let found = cache.get(key);
  if (!found) {
    const candidates = explicitPath ? [[explicitPath]] : [['docker', 'compose'], ['docker-compose']];
    const cli = candidates.map((argv) => ({ argv, version: versionOf(argv, env) })).find((c) => c.version);
    found = cli ? ok({ argv: cli.argv, version: cli.version! }) : fail(notInstalled(explicitPath));
    // A compose installed later (the message says how) is found without restarting the helper.
    if (found.ok) cache.set(key, found);
  }
  return found;
}

function versionOf(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  const r = spawnSync(argv[0], [...argv.slice(1), 'version', '--short'], { env, encoding: 'utf8', timeout: 15_000 });
  const version = r.status === 0 ? r.stdout.trim().replace(/^v/, '') : '';
  return /^\d+\.\d+/.test(version) ? version : undefined;
}

function notInstalled(explicitPath?: string): BerthError {
  if (explicitPath) return { message: `--docker-compose-path ${explicitPath} does not run (\`${explicitPath} version --short\` failed)`, fix: 'Point --docker-compose-path at a working docker-compose, or leave it out to use `docker compose` or `docker-compose` from PATH.' };
  return {
    message: 'this config uses Docker Compose, but neither `docker compose` nor `docker-compose` is installed',
    property: 'dockerComposeFile',
    fix: `Install Docker Compose: ${composeInstallHint(process.platform, readOsRelease())}; then run the command again.`,
  };
}

function versionParts(cli: ComposeCli): number[] {
  return cli.version.split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10) || 0);
}

function atLeast(cli: ComposeCli, wanted: number[]): boolean {
  const have = versionParts(cli);
  for (let i = 0; i < wanted.length; i++) if ((have[i] ?? 0) !== wanted[i]) return (have[i] ?? 0) > wanted[i];
  return true;
}

/** The name compose gives a built service's image: `project_service` before 2.8, `project-service` since. */
export function builtServiceImage(cli: ComposeCli, project: string, service: string): string {
  return `${project}${atLeast(cli, [2, 8, 0]) ? '-' : '_'}${service}`;
}

/** Since 1.21 compose keeps '-' and '_' in project names; before, only letters and digits. */
export function sanitizeProjectName(cli: ComposeCli | undefined, name: string): string {
  const modern = !cli || atLeast(cli, [1, 21, 0]);
  return name.toLowerCase().replace(modern ? /[^-_a-z0-9]/g : /[^a-z0-9]/g, '');
}

/** v2 hides services behind profiles from `config` unless every profile is enabled; v1 has no such flag. */
export function configArgs(cli: ComposeCli): string[] {
  return atLeast(cli, [2, 0, 0]) ? ['--profile', '*', 'config'] : ['config'];
}

export function isV2(cli: ComposeCli): boolean {
  return atLeast(cli, [2, 0, 0]);
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  progress?: ProgressSink;
  phase?: 'build' | 'create' | 'start' | 'down' | 'pull';
  /** The progress line its output is shown under. */
  title?: string;
  signal?: AbortSignal;
}

/** Runs compose with `args`; its output streams to progress as it comes, the result has it all. */
export function runCompose(cli: ComposeCli, args: string[], options: RunOptions): Promise<ComposeRun> {
  return new Promise((done) => {
    const child = spawn(cli.argv[0], [...cli.argv.slice(1), ...args], { cwd: options.cwd, env: { ...options.env, COMPOSE_INTERACTIVE_NO_CLI: '1' }, signal: options.signal, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const report = (text: string) => {
      if (options.progress && options.phase && text.trim()) options.progress({ phase: options.phase, message: options.title ?? 'docker compose', output: text.replace(/\n$/, '') });
    };
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => {
      stderr += b;
      report(b.toString());
    });
    child.on('error', (err) => done({ code: -1, stdout, stderr: stderr || err.message }));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
