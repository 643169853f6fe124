import { Command } from 'commander';
import { loadEngine } from '../engineBundle';
import { failWith } from '../output';
import { withWorkspace, workspaceRef } from '../workspaceOptions';

export const execCommand = withWorkspace(new Command('exec'))
  .description('Run a command in the dev container as remoteUser, in the workspace folder, with remoteEnv')
  .argument('<cmd>', 'the command')
  .argument('[args...]', 'its arguments')
  .passThroughOptions()
  .action(async (cmd: string, args: string[], opts) => {
    // exec streams this process's stdio, so it talks to the engine directly.
    const run = loadEngine().execCommand;
    const r = await run({ ...workspaceRef(opts), argv: [cmd, ...args], stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    if (!r.ok) failWith(r.error);
    process.exitCode = r.value;
  });
