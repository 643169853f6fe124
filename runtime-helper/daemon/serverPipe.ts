// A byte pipe to the VS Code server in a container, for an editor that connects through a
// remote-authority resolver (VSCodium) rather than a host port: a one-time Unix socket in the
// helper's private directory whose one connection is relayed to the server's port on the
// container's 127.0.0.1. No TCP port is opened on the host.
import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Engine } from '../engine/engine';
import { relayDialer } from '../forward/dialers';
import { joinClient } from '../forward/tcpForwarder';
import { helperDir } from '../rpc/socketPath';
import { fail, ok, type Result } from '../util/result';

/** A pipe nobody connects to within this time goes away. */
const UNUSED_MS = 30_000;

export async function openServerPipe(engine: Engine, containerId: string, port: number, onProblem: (message: string) => void): Promise<Result<string>> {
  // Short: a Unix socket's path must fit in 108 bytes.
  const path = join(helperDir(), `pipe-${randomBytes(6).toString('hex')}.sock`);
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
  const problem = await new Promise<string | undefined>((resolve) => {
    server.once('error', (err) => resolve(err.message));
    server.listen(path, () => resolve(undefined));
  });
  if (problem) return fail({ message: `cannot open a pipe to the VS Code server at ${path}: ${problem}` });
  // The directory is private already; the socket is too.
  chmodSync(path, 0o600);
  const close = () => {
    server.close();
    rmSync(path, { force: true });
  };
  const unused = setTimeout(close, UNUSED_MS);
  unused.unref();
  const dial = relayDialer(engine, () => containerId, port, onProblem);
  server.once('connection', (client) => {
    clearTimeout(unused);
    close();
    joinClient(client, dial, onProblem);
  });
  return ok(path);
}
