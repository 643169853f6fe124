import { Command } from 'commander';
import { helper } from '../helperConnection';
import { failWith } from '../output';
import { withWorkspace, workspaceRef } from '../workspaceOptions';

export const readConfigurationCommand = withWorkspace(new Command('read-configuration'))
  .description('Print the configuration, after variable substitution, as JSON')
  .option('--include-merged-configuration', 'accepted for compatibility; the merged configuration is always included')
  .option('--include-features-configuration', 'also resolve the features and include them, in install order')
  .action(async (opts) => {
    const client = await helper();
    const r = await client.request('readConfiguration', { ...workspaceRef(opts), includeFeaturesConfiguration: opts.includeFeaturesConfiguration });
    client.dispose();
    if (!r.ok) failWith(r.error);
    process.stdout.write(`${JSON.stringify(r.value)}\n`);
  });
