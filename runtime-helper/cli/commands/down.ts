import { Command } from 'commander';
import { helper } from '../helperConnection';
import { failWith, succeed } from '../output';
import { withWorkspace, workspaceRef } from '../workspaceOptions';

export const downCommand = withWorkspace(new Command('down'))
  .description('Stop the dev container; with --remove, remove it too (named volumes are kept)')
  .option('--remove', 'remove the container after stopping it')
  .action(async (opts) => {
    const client = await helper();
    const r = await client.request('down', { ...workspaceRef(opts), remove: opts.remove });
    client.dispose();
    if (!r.ok) failWith(r.error);
    succeed({ containerId: r.value.containerId ?? null });
  });
