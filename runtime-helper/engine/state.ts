// What Berth remembers about a container between commands, on the host, so a warm
// `up` or `exec` needs no extra exec in the container.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ContainerState {
  /** The create-time hooks finished once for this container. */
  createHooksDone?: boolean;
  /** The container's start time when postStartCommand last ran. */
  postStartFor?: string;
  /** remoteUser after merging config, metadata and the image's user. */
  remoteUser?: string;
  /** The environment userEnvProbe found, plus remoteEnv, for exec and terminals. */
  remoteEnv?: Record<string, string>;
}

function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'berth', 'containers');
}

export function readState(containerId: string): ContainerState {
  try {
    return JSON.parse(readFileSync(join(stateDir(), `${containerId}.json`), 'utf8'));
  } catch {
    return {};
  }
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
