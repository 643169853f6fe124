// One relayed connection, as the forwarder sees it: what it writes goes to the server in
// credited pieces, end() is the client's write shutdown, destroy() drops the connection.
// The server's bytes go straight into the client; each piece the client's socket takes
// is credited back, so a slow client holds up only its own server.
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** Must match berth-relay.c. */
export const MAX_PAYLOAD = 64 * 1024;
export const WINDOW = 1024 * 1024;

export type FrameType = 'O' | 'D' | 'S' | 'C' | 'X';

/** How a connection speaks to the relay: the mux frames and forgets. */
export interface RelayLink {
  send(type: FrameType, id: number, payload?: Buffer): void;
  forget(id: number): void;
}

export class RelayConnection extends Duplex {
  /** Bytes the relay still takes for the server. */
  private credit = WINDOW;
  /** The server's bytes handed to the client and not yet taken by its socket. */
  private unsent = 0;
  private pending: { chunk: Buffer; done: () => void } | undefined;
  private clientShut = false;
  private serverShut = false;
  /** The relay dropped the connection already: nothing to tell it. */
  private relayDone = false;

  constructor(
    private readonly link: RelayLink,
    readonly id: number,
    private readonly client: Socket,
    private readonly port: number,
    private readonly failed: (message: string) => void,
  ) {
    super({ allowHalfOpen: true });
    const port16 = Buffer.alloc(2);
    port16.writeUInt16BE(port);
    link.send('O', id, port16);
  }

  override _read(): void {
    // The server's bytes go straight to the client, not through this stream.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.pending = { chunk, done: () => done() };
    this.flush();
  }

  override _final(done: (err?: Error | null) => void): void {
    this.link.send('S', this.id);
    this.clientShut = true;
    done();
    this.finishIfDone();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (!this.relayDone) this.link.send('X', this.id);
    this.relayDone = true;
    this.link.forget(this.id);
    done(err);
  }

  /** The relay wrote this many of our bytes to the server. */
  credited(bytes: number): void {
    this.credit += bytes;
    this.flush();
  }

  /** False when the relay sent more than it was credited. */
  fromServer(payload: Buffer): boolean {
    this.unsent += payload.length;
    if (this.unsent > WINDOW) return false;
    this.client.write(payload, (err) => {
      this.unsent -= payload.length;
      if (!err && !this.destroyed) this.link.send('C', this.id, uint32(payload.length));
    });
    return true;
  }

  /** The server shut down writing: so does the client's side, after the bytes before it. */
  serverEnded(): void {
    this.serverShut = true;
    this.client.end();
    this.finishIfDone();
  }

  /** The relay dropped the connection, saying why. */
  gone(reason: string): void {
    this.relayDone = true;
    if (reason === 'refused') this.failed(`nothing accepts connections on port ${this.port} in the container`);
    else if (reason !== 'reset') this.failed(`port ${this.port} (relay): ${reason}`);
    this.destroy(new Error(reason));
  }

  private flush(): void {
    const pending = this.pending;
    if (!pending) return;
    while (this.credit > 0 && pending.chunk.length > 0) {
      const size = Math.min(this.credit, MAX_PAYLOAD, pending.chunk.length);
      this.link.send('D', this.id, pending.chunk.subarray(0, size));
      pending.chunk = pending.chunk.subarray(size);
      this.credit -= size;
    }
    if (pending.chunk.length > 0) return;
    this.pending = undefined;
    pending.done();
  }

  /** Both sides shut down writing: the relay has let go of the connection, and so do we. */
  private finishIfDone(): void {
    if (!this.clientShut || !this.serverShut) return;
    this.relayDone = true;
    this.destroy();
  }
}

export function uint32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n);
  return b;
}
