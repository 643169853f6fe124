import { Command } from 'commander';
import { helper } from '../helperConnection';
import { failWith } from '../output';
import { withWorkspace, workspaceRef } from '../workspaceOptions';

const resolveDependencies = withWorkspace(new Command('resolve-dependencies'))
  .description("Print the features' install order, dependencies resolved")
  .action(async (opts) => {
    const client = await helper();
    const r = await client.request('features.resolveDependencies', workspaceRef(opts));
    client.dispose();
    if (!r.ok) failWith(r.error);
    process.stdout.write(`${JSON.stringify(r.value, null, 2)}\n`);
  });

export const featuresCommand = new Command('features').description('Dev container features').addCommand(resolveDependencies);
