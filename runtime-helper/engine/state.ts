// What Berth remembers about a container between commands, on the host, so a warm
// `up` or `exec` needs no extra exec in the container.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CREATE_HOOKS, type CreateHook } from '../rpc/spec';


export interface ContainerState {
  /** The create-time hooks that succeeded in this container: the next `up` runs the others,
   * so a failed or cancelled one is retried without repeating those before it. */
  createHooksDone?: CreateHook[];
  /** The container's start time when postStartCommand last ran. */
  postStartFor?: string;
  /** remoteUser after merging config, metadata and the image's user. */
  remoteUser?: string;
  /** The environment userEnvProbe found, plus remoteEnv, for exec and terminals. */
  remoteEnv?: Record<string, string>;
}

/** Berth's host-side state: per container here, compose override files beside. */
export function berthStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'berth');
}

function stateDir(): string {
  return join(berthStateDir(), 'containers');
}

export function readState(containerId: string): ContainerState {
  try {
    const state = JSON.parse(readFileSync(join(stateDir(), `${containerId}.json`), 'utf8'));
    // Before per-hook progress, `true` meant all of them.
    if (state.createHooksDone === true) state.createHooksDone = [...CREATE_HOOKS];
    return state;
  } catch {
    return {};
  }
}

export function createHooksPending(state: ContainerState): boolean {
  return CREATE_HOOKS.some((hook) => !state.createHooksDone?.includes(hook));
}

export function writeState(containerId: string, state: ContainerState): void {
  const dir = stateDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${containerId}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function forgetState(containerId: string): void {
  rmSync(join(stateDir(), `${containerId}.json`), { force: true });
}
