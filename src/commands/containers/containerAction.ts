// Start, stop, restart and remove share one path: ask the helper, report a failure.
import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import type { Group } from '../../tree/grouping';
import { reportFailure } from '../failure';

type Action = 'start' | 'stop' | 'restart' | 'remove';

/** On a compose project's row, the action applies to each of its services' containers. */
export async function containerAction(ctx: BerthContext, target: Pick<ContainerSummary, 'id' | 'name'> | Group<ContainerSummary>, action: Action): Promise<void> {
  const containers = 'items' in target ? target.items.filter((c) => wanted(c, action)) : [target];
  await Promise.all(
    containers.map(async (container) => {
      const r = await ctx.helper.request('containers.action', { id: container.id, action });
      if (!r.ok) void reportFailure(ctx, { ...r.error, message: `cannot ${action} ${container.name}: ${r.error.message}` });
    }),
  );
  ctx.trees.containers.refresh();
}

function wanted(c: ContainerSummary, action: Action): boolean {
  return action === 'start' ? c.state !== 'running' : action === 'stop' ? c.state === 'running' : true;
}
