// `berth`: the runtime helper's command line, compatible with the devcontainer CLI.
import { Command } from 'commander';
import { buildCommand } from './commands/build';
import { downCommand } from './commands/down';
import { execCommand } from './commands/exec';
import { featuresCommand } from './commands/features';
import { helperCommand } from './commands/helperServe';
import { logsCommand } from './commands/logs';
import { portsCommand } from './commands/ports';
import { readConfigurationCommand } from './commands/readConfiguration';
import { upCommand } from './commands/up';

const program = new Command('berth')
  .description('Dev containers from devcontainer.json: up, down, exec, build, read-configuration, ports, logs')
  .version('0.1.0')
  .enablePositionalOptions();

for (const cmd of [upCommand, downCommand, execCommand, buildCommand, readConfigurationCommand, featuresCommand, portsCommand, logsCommand, helperCommand]) program.addCommand(cmd);

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`Error: ${err.message}\n`);
  process.exit(1);
});
