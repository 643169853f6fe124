import { Command } from 'commander';
import { helper, showProgress } from '../helperConnection';
import { failWith, succeed } from '../output';
import { lockfileFlags, withWorkspace, workspaceRef } from '../workspaceOptions';

export const buildCommand = withWorkspace(new Command('build'))
  .description("Build the dev container's image (or check that its image reference is valid)")
  .option('--no-cache', 'build without the layer cache')
  .option('--docker-compose-path <path>', 'the compose program for compose configs (default: `docker compose`, else `docker-compose`)')
  .option('--frozen-lockfile', "fail when the features' lockfile is missing or would change")
  .option('--no-lockfile', "neither read nor write the features' lockfile")
  .action(async (opts) => {
    const client = await helper();
    const r = await client.request('build', { ...workspaceRef(opts), buildNoCache: opts.cache === false, dockerComposePath: opts.dockerComposePath, ...lockfileFlags(opts), ...showProgress(client) });
    client.dispose();
    if (!r.ok) failWith(r.error);
    succeed({ imageName: [r.value.imageName] });
  });
