// The one place a failure becomes what the user sees: the Berth log gets it in full, and a
// notification shows it on one line (file:line:col, the message, the fix) with its actions.
import * as vscode from 'vscode';
import { formatError, toBerthError, type BerthError } from '../../runtime-helper/util/result';
import type { BerthContext } from '../berthContext';

export const SHOW_LOG = 'Show Log';
export const OPEN_CONFIGURATION = 'Open Configuration';

/** Show Log, and Open Configuration when a file is at fault (it lands on the line and column). */
function defaultActions(error: BerthError): string[] {
  return error.file ? [SHOW_LOG, OPEN_CONFIGURATION] : [SHOW_LOG];
}

/** Shows the failure; Show Log and Open Configuration act here, any other choice is the caller's to act on. */
export async function reportFailure(ctx: Pick<BerthContext, 'log'>, error: BerthError, actions = defaultActions(error)): Promise<string | undefined> {
  ctx.log.error(formatError(error));
  // Notifications show one paragraph.
  const choice = await vscode.window.showErrorMessage(`Berth: ${formatError(error).replace(/\s*\n\s*/g, ' ')}`, ...actions);
  if (choice === SHOW_LOG) ctx.log.show();
  if (choice === OPEN_CONFIGURATION) void vscode.commands.executeCommand('berth.openConfiguration', error);
  return choice;
}

/**
 * Every command the extension registers runs through this: whatever it throws (a BerthFailure
 * from unwrap keeps its fix) becomes that one notification, never an unhandled rejection.
 */
export function guardCommand<A extends unknown[]>(ctx: Pick<BerthContext, 'log'>, run: (...args: A) => unknown): (...args: A) => Promise<unknown> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (err) {
      void reportFailure(ctx, toBerthError(err));
      return undefined;
    }
  };
}
