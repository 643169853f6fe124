// `berth helper serve`: the per-user daemon. It listens on a private Unix socket,
// serves every client over JSON-RPC, and exits once it has been idle for a while.
import { chmodSync, linkSync, lstatSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node';
import { PROTOCOL_VERSION } from '../rpc/protocol';
import { ensurePrivateDir, helperDir, helperSocket } from '../rpc/socketPath';
import { unwrap } from '../util/result';
import { Helper, notifyQuietly, type Session } from './helper';
import { handle } from './handlers/handle';
import { registerHandlers } from './handlers/register';
import type { Services } from './services';

const VERSION = '0.1.0';

export interface ServeOptions {
  /** Exit after this long with no clients, forwards or work. */
  idleMs?: number;
  /** Called once this helper holds the socket (not when another helper already serves). */
  onServing?: () => void;
}

export async function serve(options: ServeOptions = {}): Promise<void> {
  const socketPath = helperSocket();
  unwrap(ensurePrivateDir(helperDir()));
  const helper = new Helper();
  // Connections that arrive before the services exist wait for them.
  let servicesStarted!: (services: Services) => void;
  const started = new Promise<Services>((resolve) => (servicesStarted = resolve));
  const server = createServer((socket) => void started.then((services) => accept(helper, socket, services)));
  // Bound under a name of its own first, then put in place only if no live helper holds the
  // socket: two helpers started at once (a client's and the supervisor's) never both serve.
  const bound = `${socketPath}.${process.pid}`;
  rmSync(bound, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // umask keeps the socket private from the first instant; chmod makes it explicit.
    const old = process.umask(0o177);
    server.listen(bound, () => {
      process.umask(old);
      chmodSync(bound, 0o600);
      resolve();
    });
  });
  if (!(await install(bound, socketPath))) {
    log(`another helper already serves ${socketPath}; exiting`);
    server.close();
    return;
  }
  const { startServices } = await import('./services');
  const services = startServices(helper);
  servicesStarted(services);
  try {
    options.onServing?.();
  } catch (err) {
    log(`after taking the socket: ${(err as Error).message}`);
  }
  log(`helper ${VERSION} (protocol ${PROTOCOL_VERSION}) pid ${process.pid} listening on ${socketPath}`);

  const idleMs = options.idleMs ?? Number(process.env.BERTH_HELPER_IDLE_MS ?? 10 * 60_000);
  let idleSince = Date.now();
  const timer = setInterval(() => {
    if (!helper.isIdle()) idleSince = Date.now();
    else if (Date.now() - idleSince > idleMs) shutdown('idle');
  }, Math.min(1000, idleMs));
  const shutdown = (why: string) => {
    log(`exiting: ${why}`);
    clearInterval(timer);
    try {
      server.close();
      rmSync(socketPath, { force: true });
      services.dispose();
    } catch (err) {
      log(`while exiting: ${(err as Error).message}`);
    } finally {
      process.exit(0); // exit code 0 tells the supervisor not to start the helper again
    }
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function accept(helper: Helper, socket: Socket, services: Services): void {
  const conn = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
  let session: Session | undefined;
  // Fires when this client goes away (Ctrl-C, a closed window): its operations cancel.
  const gone = new AbortController();
  handle(conn, 'hello', (params) => {
    // The caller's environment alone, never mixed with the helper's: a variable only the helper
    // has (it was started by another shell) must not reach `runArgs -e NAME` or ${localEnv:NAME}.
    // The engine and its credentials (SSH agent, certificates) come from it too.
    const env = params.env ?? process.env;
    session = { env, settings: params.settings ?? {}, engine: helper.engines.for(env), gone: gone.signal, notify: (name, p) => notifyQuietly(conn, name, p) };
    registerHandlers(conn, session, helper, services);
    return { helperVersion: VERSION, protocolVersion: PROTOCOL_VERSION, pid: process.pid };
  });
  helper.clients.add(conn);
  const drop = () => {
    helper.clients.delete(conn);
    helper.attachments.forget(conn);
    services.clientGone(conn);
    gone.abort();
    conn.dispose();
  };
  conn.onClose(drop);
  socket.on('error', drop);
  conn.listen();
}

/** Links the bound socket to its public name; false when a live helper already has that name. */
async function install(bound: string, socketPath: string): Promise<boolean> {
  try {
    for (;;) {
      try {
        linkSync(bound, socketPath);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const existing = lstatSync(socketPath, { throwIfNoEntry: false });
      if (!existing) continue;
      if (await answers(socketPath)) return false;
      // Left by a helper that died: removed unless another helper put its own there meanwhile.
      if (lstatSync(socketPath, { throwIfNoEntry: false })?.ino === existing.ino) rmSync(socketPath, { force: true });
    }
  } finally {
    rmSync(bound, { force: true });
  }
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}
