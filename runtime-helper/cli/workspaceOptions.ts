// The options every workspace command shares, spelled as the devcontainer CLI spells them.
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { WorkspaceRef } from '../rpc/protocol';

export function withWorkspace(cmd: Command): Command {
  return cmd
    .option('--workspace-folder <dir>', 'the folder holding the dev container config', process.cwd())
    .option('--config <file>', 'the devcontainer.json to use, when not discovered')
    // Accepted so that devcontainer CLI command lines run unchanged; Berth prints every phase
    // and all hook and build output at each level.
    .addOption(new Option('--log-level <level>', 'log level, as in the devcontainer CLI').choices(['info', 'debug', 'trace']).default('info'));
}

export function workspaceRef(opts: { workspaceFolder: string; config?: string }): WorkspaceRef {
  return { workspaceFolder: resolve(opts.workspaceFolder), configFile: opts.config ? resolve(opts.config) : undefined };
}

/** commander reads `--no-lockfile` as `lockfile: false`. */
export function lockfileFlags(opts: { frozenLockfile?: boolean; lockfile?: boolean }): { frozenLockfile?: boolean; noLockfile?: boolean } {
  return { frozenLockfile: opts.frozenLockfile, noLockfile: opts.lockfile === false };
}
