import type { BerthContext } from '../../berthContext';
import { openLogViewer } from '../../webviews/logViewerPanel';
import { attachedOrPicked } from '../containers/pickContainer';

/** The attached container's log, or a container picked from the list. */
export async function showContainerLog(ctx: BerthContext): Promise<void> {
  const container = await attachedOrPicked(ctx, 'Show the log of which container?');
  if (container) openLogViewer(ctx.extension, ctx.helper, container.id, container.name);
}
