// Puts Berth's relay program (berth-relay.c, built static into dist/) into a container,
// once per container; whether it runs there shows when it starts (relayMux.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Engine } from '../../engine/engine';
import * as tar from 'tar-fs';
import { engineMessage } from '../../engine/engineError';
import { fail, ok, type Result } from '../../util/result';

/** The program as scripts/build.mjs names it: one per architecture it was built for. */
const LOCAL_PROGRAM = join(__dirname, `berth-relay-linux-${process.arch}`);
/**
 * Owned by root and outside /tmp, so no user of the container can plant a file there first;
 * in the image's own filesystem, where the engine's archive API writes (it cannot see into
 * a tmpfs), and it stays across restarts. The name carries the program's hash, so a
 * container never runs the relay of another Berth version.
 */
const CONTAINER_DIR = '/usr/local/libexec/berth';

let programHash: string | undefined;

/** Per container: the relay's path in it, or why it cannot have one. Failures are tried again. */
const placed = new Map<string, Promise<Result<string>>>();

export function placeRelay(engine: Engine, containerId: string): Promise<Result<string>> {
  let pending = placed.get(containerId);
  if (!pending) {
    pending = place(engine, containerId);
    placed.set(containerId, pending);
    // A container that was not running yet, or an engine hiccup, gets another try next time.
    void pending.then((r) => r.ok || forgetRelay(containerId));
  }
  return pending;
}

/** The relay stopped working in this container (someone removed it): place it again next time. */
export function forgetRelay(containerId: string): void {
  placed.delete(containerId);
}

async function place(engine: Engine, containerId: string): Promise<Result<string>> {
  if (!existsSync(LOCAL_PROGRAM)) return fail({ message: `this Berth has no relay program for linux/${process.arch} (${LOCAL_PROGRAM} is missing)` });
  programHash ??= createHash('sha256').update(readFileSync(LOCAL_PROGRAM)).digest('hex').slice(0, 16);
  const target = `${CONTAINER_DIR}/relay-${programHash}`;
  try {
    // Only the file's own entry: the engine creates missing parents (0755), and existing ones keep their modes.
    const archive = tar.pack(dirname(LOCAL_PROGRAM), {
      entries: [basename(LOCAL_PROGRAM)],
      map: (header) => ({ ...header, name: target.slice(1), mode: 0o755, uid: 0, gid: 0, uname: 'root', gname: 'root' }),
    });
    await engine.putArchive(containerId, archive, '/');
    return ok(target);
  } catch (err) {
    return fail({ message: `copying it to ${CONTAINER_DIR} failed: ${engineMessage(err)}` });
  }
}
