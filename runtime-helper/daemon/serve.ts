// `berth helper serve`: the per-user daemon. It listens on a private Unix socket,
// serves every client over JSON-RPC, and exits once it has been idle for a while.
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node';
import { PROTOCOL_VERSION } from '../rpc/protocol';
import { ensurePrivateDir, helperDir, helperSocket } from '../rpc/socketPath';
import { Helper, type Session } from './helper';
import { registerHandlers } from './handlers/register';

const VERSION = '0.1.0';

export interface ServeOptions {
  /** Exit after this long with no clients, forwards or work. */
  idleMs?: number;
}

export async function serve(options: ServeOptions = {}): Promise<void> {
  const socketPath = helperSocket();
  ensurePrivateDir(helperDir());
  if (existsSync(socketPath)) {
    if (await answers(socketPath)) {
      log(`another helper already serves ${socketPath}; exiting`);
      return;
    }
    rmSync(socketPath, { force: true }); // left by a helper that crashed
  }
  const helper = new Helper();
  const { startServices } = await import('./services');
  const services = startServices(helper);
  const server = createServer((socket) => accept(helper, socket, services));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // umask keeps the socket private from the first instant; chmod makes it explicit.
    const old = process.umask(0o177);
    server.listen(socketPath, () => {
      process.umask(old);
      chmodSync(socketPath, 0o600);
      resolve();
    });
  });
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
    server.close();
    rmSync(socketPath, { force: true });
    services.dispose();
    process.exit(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function accept(helper: Helper, socket: Socket, services: import('./services').Services): void {
  const conn = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
  let session: Session | undefined;
  conn.onRequest('hello', (params: { clientName: string; protocolVersion: number; env?: Record<string, string> }) => {
    const env = { ...process.env, ...(params.env ?? {}) };
    session = { env, engine: helper.engines.for(env), notify: (name, p) => void conn.sendNotification(name, p).catch(() => undefined) };
    registerHandlers(conn, session, helper, services);
    return { helperVersion: VERSION, protocolVersion: PROTOCOL_VERSION, pid: process.pid };
  });
  helper.clients.add(conn);
  const drop = () => {
    helper.clients.delete(conn);
    helper.attachments.forget(conn);
    services.clientGone(conn);
    conn.dispose();
  };
  conn.onClose(drop);
  socket.on('error', drop);
  conn.listen();
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
