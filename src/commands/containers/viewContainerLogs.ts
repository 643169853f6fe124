import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import type { Group } from '../../tree/grouping';
import { openLogSource, openLogViewer } from '../../webviews/logViewerPanel';

/** A container's log; on a compose project's row, every service's, each line led by its service. */
export function viewContainerLogs(ctx: BerthContext, target: ContainerSummary | Group<ContainerSummary>): void {
  if (!('items' in target)) return openLogViewer(ctx.extension, ctx.helper, target.id, target.name);
  if (target.kind === 'compose') openLogSource(ctx.extension.extensionUri, ctx.helper, { kind: 'compose', project: target.label });
}
