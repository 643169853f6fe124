// One forwarded port: a listener on 127.0.0.1 only, on the wanted port when it is free
// (or the next free one, unless the port is required), joining each client to the container.
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { fail, ok, type Result } from '../util/result';
import { pump } from './copy';
import type { Dialer } from './dialers';

export interface ListenOptions {
  preferredPort: number;
  requireLocalPort?: boolean;
  dial: Dialer;
  /** A connection that could not reach the container; shown to the user. */
  onProblem(message: string): void;
}

const SEARCH = 100;

export class TcpForwarder {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly localPort: number,
    private dial: Dialer,
    private readonly onProblem: (message: string) => void,
  ) {}

  static async listen(options: ListenOptions): Promise<Result<TcpForwarder>> {
    const candidates = options.requireLocalPort
      ? [options.preferredPort]
      : [...Array.from({ length: SEARCH }, (_, i) => options.preferredPort + i).filter((p) => p > 0 && p < 65536), 0];
    let lastError = '';
    for (const port of candidates) {
      const server = createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true });
      const bound = await new Promise<string | undefined>((resolve) => {
        server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
        // A deep accept queue: a burst of clients (a browser, a test's 1,000) must not see
        // dropped handshakes and seconds of retransmission while the loop is busy.
        server.listen({ host: '127.0.0.1', port, exclusive: true, backlog: 4096 }, () => resolve(undefined));
      });
      if (!bound) {
        const forwarder = new TcpForwarder(server, (server.address() as { port: number }).port, options.dial, options.onProblem);
        server.on('connection', (s) => forwarder.accept(s));
        server.on('error', (err) => options.onProblem(`listener on 127.0.0.1:${forwarder.localPort}: ${err.message}`));
        return ok(forwarder);
      }
      lastError = bound;
    }
    const why = lastError === 'EADDRINUSE' ? 'is already in use' : lastError === 'EACCES' ? 'needs elevated rights' : `cannot be bound (${lastError})`;
    return fail({
      message: `local port 127.0.0.1:${options.preferredPort} ${why}`,
      property: options.requireLocalPort ? `portsAttributes.${options.preferredPort}.requireLocalPort` : undefined,
      fix: options.requireLocalPort ? 'Free that port, or drop requireLocalPort so Berth picks the next free one.' : 'Free a port near it.',
    });
  }

  /** Container restarted or moved: new connections use the new route. */
  setDialer(dial: Dialer): void {
    this.dial = dial;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    joinClient(client, this.dial, this.onProblem);
  }

  close(): void {
    this.server.close();
    for (const s of this.sockets) s.destroy();
  }
}

/** Joins a client (accepted paused) to what `dial` reaches in the container, both ways, half-close included. */
export function joinClient(client: Socket, dial: Dialer, onProblem: (message: string) => void): void {
  client.on('error', () => client.destroy());
  const dialed = dial(client, onProblem);
  if (dialed instanceof Promise) void dialed.then((r) => join(client, r, onProblem));
  else join(client, dialed, onProblem);
}

function join(client: Socket, upstream: Result<Duplex>, onProblem: (message: string) => void): void {
  if (!upstream.ok) {
    onProblem(upstream.error.message);
    client.destroy();
    return;
  }
  const up = upstream.value;
  pump(client, up as unknown as Socket);
  client.on('end', () => up.end());
  // Closing must not drop bytes still queued for the other side: destroy only on errors,
  // or once our last write has been flushed.
  client.on('close', (hadError) => {
    if (hadError || up.writableFinished) up.destroy();
    else up.once('finish', () => up.destroy());
  });
  up.on('close', (hadError: boolean) => hadError && client.destroy());
  up.on('error', () => client.destroy());
  client.resume();
}
