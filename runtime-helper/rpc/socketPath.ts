// Where the per-user helper listens. The directory is private (0700) so no other
// user can reach the socket, and the name carries the protocol version so a newer
// client starts a newer helper beside an old one.
import { mkdirSync, chmodSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from './protocol';

export function helperDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_HELPER_DIR) return env.BERTH_HELPER_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'berth');
  return join(tmpdir(), `berth-${process.getuid?.() ?? 'user'}`);
}

export function helperSocket(env: NodeJS.ProcessEnv = process.env): string {
  return join(helperDir(env), `helper-v${PROTOCOL_VERSION}.sock`);
}

/** Creates the private directory, refusing one that another user owns. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (process.getuid && st.uid !== process.getuid()) {
    throw new Error(`${dir} belongs to another user; set BERTH_HELPER_DIR to a private directory`);
  }
  chmodSync(dir, 0o700);
}
