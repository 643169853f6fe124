// Errors travel as values: every failure a user can cause carries one message
// that says where (file, line, column or property) and what fixes it.
import { stripAnsi } from './ansi';

export interface BerthError {
  /** What went wrong, in one sentence a user understands. */
  message: string;
  /** The file at fault, when there is one (a config, a Dockerfile, an env file). */
  file?: string;
  /** 1-based position in `file`. */
  line?: number;
  column?: number;
  /** The config property at fault, as a JSON path such as `build.dockerfile`. */
  property?: string;
  /** A command or edit that fixes it. */
  fix?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: BerthError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: BerthError): Result<T> => ({ ok: false, error });

/** Thrown only to cross a callback boundary; caught and turned back into a value at the edge. */
export class BerthFailure extends Error {
  constructor(readonly error: BerthError) {
    super(formatError(error));
  }
}

/** `file:line:col: property: message` then the fix on its own line; no terminal escapes (hook and build output carry them). */
export function formatError(e: BerthError): string {
  const where = e.file ? [e.file, e.line, e.column].filter((p) => p !== undefined).join(':') : '';
  const prefix = [where, e.property ? `'${e.property}'` : ''].filter(Boolean).join(': ');
  const head = prefix ? `${prefix}: ${e.message}` : e.message;
  return stripAnsi(e.fix ? `${head}\n  fix: ${e.fix}` : head);
}

/** Unwraps a Result or throws it as a BerthFailure. */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new BerthFailure(r.error);
  return r.value;
}

/** Turns anything thrown into a BerthError, keeping a BerthFailure's details. */
export function toBerthError(err: unknown): BerthError {
  if (err instanceof BerthFailure) return err.error;
  if (err instanceof Error) return { message: err.message };
  return { message: String(err) };
}
