import type { BerthContext } from '../../berthContext';
import type { LogNode } from '../../tree/logs/logsTree';
import { openLogViewer } from '../../webviews/logViewerPanel';

export function openLog(ctx: BerthContext, node: LogNode): void {
  openLogViewer(
    ctx.extension.extensionUri,
    ctx.helper,
    node.kind === 'container' ? { kind: 'container', containerId: node.container.id, name: node.container.name } : { kind: 'operation', operationId: node.operation.id, title: node.operation.title },
  );
}
