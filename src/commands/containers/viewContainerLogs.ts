import type { ContainerSummary } from '../../../runtime-helper/rpc/protocol';
import type { BerthContext } from '../../berthContext';
import { openLogViewer } from '../../webviews/logViewerPanel';

export function viewContainerLogs(ctx: BerthContext, container: ContainerSummary): void {
  openLogViewer(ctx.extension, ctx.helper, container.id, container.name);
}
