// What every stage of `up` and `build` runs with: the engine, the caller's environment and
// settings (never the long-lived helper's own), where to report, and when to stop.
import type { Engine } from '../engine/engine';
import type { LockfileMode } from '../features/lockfile';
import type { ClientSettings } from '../rpc/protocol';
import type { ProgressSink } from '../util/progress';

export interface RunContext {
  engine: Engine;
  /** The caller's environment (the CLI's shell, the editor's): ${localEnv:…}, bare `runArgs -e NAME`, registry credentials, initializeCommand. */
  env: NodeJS.ProcessEnv;
  /** The caller's Berth settings (the editor's `berth.*`). */
  settings: ClientSettings;
  progress: ProgressSink;
  /** Aborted when the caller went away: the build stops, a running hook is ended. */
  signal?: AbortSignal;
}

/** Who asked: its environment and settings, kept for what runs later on its behalf (restart hooks). */
export type Caller = Pick<RunContext, 'env' | 'settings'>;

/** What the caller asks of `up` and `build`. */
export interface UpRequest {
  workspaceFolder: string;
  configFile?: string;
  removeExistingContainer?: boolean;
  buildNoCache?: boolean;
  /** The compose program for compose configs, instead of `docker compose` / `docker-compose`. */
  dockerComposePath?: string;
  /** The container was started outside `up` (a restart): run what is due for this start, but attach nothing. */
  afterRestart?: boolean;
  /** What to do with the features' lockfile (default: write it). */
  lockfile?: LockfileMode;
  /** A new container gets the VS Code server's data volume (vscodeServer/serverVolume.ts): the caller will start the server. */
  remoteServerVolume?: boolean;
}
