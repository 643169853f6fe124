import { Command } from 'commander';
import { loadEngine } from '../engineBundle';

export const helperCommand = new Command('helper').description('The runtime helper daemon (started on demand by the CLI and the extension)');

helperCommand
  .command('serve')
  .description('Serve the per-user helper on its private socket')
  .action(async () => {
    await loadEngine().serve();
  });
