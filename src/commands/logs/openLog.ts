import type { BerthContext } from '../../berthContext';
import { openOperationLog } from '../../logs/operationLogDocument';
import type { LogNode } from '../../tree/logs/logsTree';
import { openLogViewer } from '../../webviews/logViewerPanel';

/** A container's log in the log viewer; a Berth operation's log as a read-only document. */
export function openLog(ctx: BerthContext, node: LogNode): unknown {
  return node.kind === 'container' ? openLogViewer(ctx.extension, ctx.helper, node.container.id, node.container.name) : openOperationLog(node.operation);
}
