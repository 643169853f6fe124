// Where the per-user helper listens. The directory is private (0700) so no other
// user can reach the socket, and the name carries the protocol version so a newer
// client starts a newer helper beside an old one.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fail, ok, type Result } from '../util/result';
import { PROTOCOL_VERSION } from './protocol';

export function helperDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_HELPER_DIR) return env.BERTH_HELPER_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'berth');
  return join(tmpdir(), `berth-${process.getuid?.() ?? 'user'}`);
}

export function helperSocket(env: NodeJS.ProcessEnv = process.env): string {
  return join(helperDir(env), `helper-v${PROTOCOL_VERSION}.sock`);
}

/**
 * Creates the private directory, refusing anything but a real directory of this user's:
 * lstat, not stat, so that a symlink another user planted (in /tmp) cannot lead clients to
 * a socket of theirs, nor the chmod to a directory of theirs.
 */
export function ensurePrivateDir(dir: string): Result<void> {
  try {
    mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
    // Not recursive: that would follow a symlink in the way instead of reporting it.
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    // EEXIST: a directory, or something else in the way; lstat tells which.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return fail({ message: `cannot create the helper directory ${dir}: ${(err as NodeJS.ErrnoException).code}`, fix: FIX });
  }
  const st = lstatSync(dir);
  const what = st.isSymbolicLink() ? 'a symbolic link' : !st.isDirectory() ? 'not a directory' : process.getuid && st.uid !== process.getuid() ? `owned by another user (uid ${st.uid})` : undefined;
  if (what) return fail({ message: `the helper directory ${dir} is ${what}, so Berth will not use it`, fix: FIX });
  chmodSync(dir, 0o700);
  return ok(undefined);
}

const FIX = 'Set BERTH_HELPER_DIR to a directory only you can write to (or remove what is in the way, if it is yours).';
