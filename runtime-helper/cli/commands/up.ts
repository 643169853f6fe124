import { Command } from 'commander';
import { helper, showProgress } from '../helperConnection';
import { failWith, succeed } from '../output';
import { lockfileFlags, withWorkspace, workspaceRef } from '../workspaceOptions';

export const upCommand = withWorkspace(new Command('up'))
  .description('Create and start the dev container, run its hooks and forward its ports')
  .option('--remove-existing-container', 'remove the existing container first')
  .option('--build-no-cache', 'build the image without the layer cache')
  .option('--docker-compose-path <path>', 'the compose program for compose configs (default: `docker compose`, else `docker-compose`)')
  .option('--frozen-lockfile', "fail when the features' lockfile is missing or would change")
  .option('--no-lockfile', "neither read nor write the features' lockfile")
  .action(async (opts) => {
    const client = await helper();
    // Leaving is the cancel: the helper sees this client go and stops the build or hook.
    const cancel = () =>
      failWith({
        message: 'up was cancelled: a build in progress leaves nothing behind, a running hook is ended',
        fix: 'Run `berth up` again: it goes on from the hook that did not finish (`--remove-existing-container` starts clean).',
      });
    process.once('SIGINT', cancel).once('SIGTERM', cancel);
    const r = await client.request('up', { ...workspaceRef(opts), removeExistingContainer: opts.removeExistingContainer, buildNoCache: opts.buildNoCache, dockerComposePath: opts.dockerComposePath, ...lockfileFlags(opts), ...showProgress(client) });
    client.dispose();
    if (!r.ok) failWith(r.error);
    succeed({ containerId: r.value.containerId, remoteUser: r.value.remoteUser, remoteWorkspaceFolder: r.value.remoteWorkspaceFolder });
  });
