// Runs the built `berth` CLI as a user would, against a helper private to the test run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { helperSocket } from '../../runtime-helper/rpc/socketPath';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
export const BERTH = join(REPO, 'dist/berth.js');

/** BERTH_TEST_ENGINE=podman runs the file against rootful Podman's Docker API (scripts/ensure-env.sh starts it):
 * set here, before anything reads it, so the berth calls, the test's own `docker` calls and any engine the
 * test process opens all talk to Podman. */
export const BASE_IMAGE = 'berth-base:bookworm';
export const PODMAN_SOCKET = process.env.BERTH_PODMAN_SOCKET ?? '/var/tmp/berth-env/podman/podman.sock';
export const onPodman = process.env.BERTH_TEST_ENGINE === 'podman';
if (onPodman) {
  const docker = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = `unix://${PODMAN_SOCKET}`;
  copyBaseImageToPodman(docker);
}

/** Podman has its own image store: the base image the tests name is copied there from Docker, once. */
function copyBaseImageToPodman(dockerHost: string | undefined): void {
  if (spawnSync('docker', ['image', 'inspect', BASE_IMAGE]).status === 0) return;
  const copied = spawnSync('sh', ['-c', 'DOCKER_HOST="$FROM" docker save "$IMAGE" | docker load -q'], {
    encoding: 'utf8',
    env: { ...process.env, FROM: dockerHost ?? '', IMAGE: BASE_IMAGE },
  });
  if (copied.status !== 0) throw new Error(`could not copy ${BASE_IMAGE} into Podman on ${PODMAN_SOCKET} (run scripts/ensure-env.sh as root): ${copied.stderr}`);
}

/** One helper directory and state directory for the whole test process. */
const sandbox = mkdtempSync(join(tmpdir(), 'berth-test-'));
export const testEnv: NodeJS.ProcessEnv = {
  ...process.env,
  BERTH_HELPER_DIR: join(sandbox, 'helper'),
  XDG_STATE_HOME: join(sandbox, 'state'),
  XDG_CACHE_HOME: join(sandbox, 'cache'),
  BERTH_HELPER_IDLE_MS: '20000',
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The last stdout line, parsed: the devcontainer CLI's result object. */
  json: Record<string, unknown> & { outcome?: string; message?: string; containerId?: string };
}

const CLI_TIMEOUT_MS = 5 * 60_000;

/** `as` runs it as another user (root only), as that user would: their own helper, their own engine. */
export function berth(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; as?: { uid: number; gid: number } } = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BERTH, ...args], { env: { ...testEnv, ...options.env }, cwd: options.cwd ?? REPO, ...options.as });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.stdin.end(options.input ?? '');
    // A CLI that hangs fails its test at once, with what it printed, instead of at the file's timeout.
    const hung = setTimeout(() => {
      stderr += `\n[test] \`berth ${args.join(' ')}\` did not end within ${CLI_TIMEOUT_MS / 1000} s; killed\n`;
      child.kill('SIGKILL');
    }, CLI_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(hung);
      const last = stdout.trim().split('\n').pop() ?? '';
      let json = {};
      try {
        json = JSON.parse(last);
      } catch {
        /* not every command ends in JSON */
      }
      done({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

export function docker(...args: string[]): string {
  const r = spawnSync('docker', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** For clean-ups: what is already gone (or was never made) is not an error. */
export function dockerQuietly(...args: string[]): void {
  spawnSync('docker', args, { encoding: 'utf8' });
}

/** Ends the helper of `env`, if one runs (helpers outlive their clients by design), and
 * waits for it to be gone, so a clean-up that follows does not race its last writes. */
export function stopHelper(env: NodeJS.ProcessEnv): void {
  if (!existsSync(helperSocket(env))) return; // `helper status` would start one
  const r = spawnSync(process.execPath, [BERTH, 'helper', 'status'], { env, encoding: 'utf8', timeout: 60_000 });
  let pid: number | undefined;
  try {
    pid = JSON.parse(r.stdout.trim().split('\n').pop() || '{}').pid;
  } catch {
    return; // no helper answered
  }
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  const until = Date.now() + 5000;
  while (isAlive(pid) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/** Containers labelled for a workspace folder, by Berth or the devcontainer CLI. */
export function containersOf(folder: string): string[] {
  return docker('ps', '-aq', '--filter', `label=devcontainer.local_folder=${folder}`).split('\n').filter(Boolean);
}

export function removeContainersOf(folder: string): void {
  for (const id of containersOf(folder)) docker('rm', '-f', '-v', id);
}

/** The volumes Berth labelled for a workspace folder (the VS Code server's data): removed after its containers. */
export function removeVolumesOf(folder: string): void {
  for (const v of docker('volume', 'ls', '-q', '--filter', `label=devcontainer.local_folder=${folder}`).split('\n').filter(Boolean)) dockerQuietly('volume', 'rm', v);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
