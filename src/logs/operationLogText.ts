// The text of one Berth operation's log, as the read-only document shows it.
import type { LogLine, OperationSummary } from '../../runtime-helper/rpc/protocol';
import { formatMs } from '../format';

export function operationLogText(op: OperationSummary, lines: LogLine[]): string {
  const took = op.endedAt !== undefined ? `${op.outcome ?? 'done'} in ${formatMs(op.endedAt - op.startedAt)}` : 'still running';
  const head = `# ${op.title} (${op.workspaceFolder}), started ${new Date(op.startedAt).toISOString()}, ${took}`;
  return [head, ...lines.map((l) => `${l.time} ${l.stream === 'stdout' ? ' ' : l.stream === 'stderr' ? '!' : '#'} ${l.text}`)].join('\n') + '\n';
}
