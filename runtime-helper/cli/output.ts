// The devcontainer CLI's output contract: progress on stderr, and the last stdout line
// is one JSON object with "outcome". Errors exit 1 with the message in that object.
import type { ProgressEvent } from '../util/progress';
import { stripAnsi } from '../util/ansi';
import { formatError, type BerthError } from '../util/result';

export function printProgress(event: ProgressEvent): void {
  if (event.output !== undefined) {
    process.stderr.write(event.output.endsWith('\n') ? event.output : `${event.output}\n`);
    return;
  }
  const cost = event.durationMs !== undefined ? ` [${formatMs(event.durationMs)}]` : '';
  process.stderr.write(`[${event.phase}] ${event.message}${cost}\n`);
}

/** The answer ends the call: nothing left open (a connection the helper has not closed yet) keeps the caller waiting. */
export function succeed(fields: Record<string, unknown>): never {
  process.stdout.write(`${JSON.stringify({ outcome: 'success', ...fields })}\n`);
  process.exit(0);
}

export function failWith(error: BerthError): never {
  const message = formatError(error);
  process.stderr.write(`Error: ${message}\n`);
  process.stdout.write(`${JSON.stringify({ outcome: 'error', message, description: stripAnsi(error.message) })}\n`);
  process.exit(1);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
