import { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { helper } from '../helperConnection';
import { failWith, printProgress, succeed } from '../output';
import { withWorkspace, workspaceRef } from '../workspaceOptions';

export const buildCommand = withWorkspace(new Command('build'))
  .description("Build the dev container's image (or check that its image reference is valid)")
  .option('--no-cache', 'build without the layer cache')
  .action(async (opts) => {
    const client = await helper();
    const progressToken = randomUUID();
    client.onNotification('progress', (p) => p.token === progressToken && printProgress(p.event));
    const r = await client.request('build', { ...workspaceRef(opts), buildNoCache: opts.cache === false, progressToken });
    client.dispose();
    if (!r.ok) failWith(r.error);
    succeed({ imageName: [r.value.imageName] });
  });
