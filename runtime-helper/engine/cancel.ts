// An operation whose client went away (Ctrl-C, a closed window) is cancelled: the one
// message every cancelled step reports, and the check between steps.
import { BerthFailure, type BerthError } from '../util/result';

export function cancelledError(what: string, where: Partial<BerthError> = {}): BerthError {
  return { ...where, message: `${what} was cancelled: the client that asked for it went away` };
}

/** Throws the cancellation between two steps of `what`, so the next step never starts. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new BerthFailure(cancelledError(what));
}
