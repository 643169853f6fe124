// The client end of the helper's JSON-RPC: requests, their answers and notifications, framed
// as the helper's vscode-jsonrpc frames them (a Content-Length header, then the JSON body).
// Written out here because a client needs only this much of the protocol, and loading
// vscode-jsonrpc cost every `berth` call more than its round trip to the helper.
import type { Socket } from 'node:net';

export interface Disposable {
  dispose(): void;
}

/** An error answer from the helper: its JSON-RPC code and message. */
export class RpcError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** What a request gets when the connection closes before its answer came. */
export class ConnectionClosed extends Error {
  constructor() {
    super('The Berth helper closed the connection before answering.');
  }
}

const HEADER_END = Buffer.from('\r\n\r\n');

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** In the inbox after the last message: the connection is gone. */
const CLOSED = Symbol('closed');

export class JsonRpcClient {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  private readonly notificationHandlers = new Map<string, Set<(params: unknown) => void>>();
  private readonly closeHandlers = new Set<() => void>();
  private received: Buffer = Buffer.alloc(0);
  /**
   * Messages are handled one per macrotask, in order, as vscode-jsonrpc does: the code awaiting
   * an answer runs before the notifications that came with it (a subscription's first lines
   * name the id its answer gives).
   */
  private readonly inbox: Array<Message | typeof CLOSED> = [];
  private draining = false;
  private unreadable = false;
  private closed = false;

  /** `onHandlerError` gets what a notification handler threw; by default it is rethrown, uncaught. */
  constructor(
    private readonly socket: Socket,
    private readonly onHandlerError: (err: unknown) => void = (err) =>
      setImmediate(() => {
        throw err;
      }),
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // A write to a helper that went away fails here; the close that follows settles what is pending.
    socket.on('error', () => undefined);
    socket.on('close', () => this.enqueue(CLOSED));
  }

  request(method: string, params: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`The connection to the Berth helper is closed (${method} was not sent).`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  onNotification(method: string, handler: (params: unknown) => void): Disposable {
    let set = this.notificationHandlers.get(method);
    if (!set) this.notificationHandlers.set(method, (set = new Set()));
    set.add(handler);
    return { dispose: () => set!.delete(handler) };
  }

  onClose(handler: () => void): Disposable {
    this.closeHandlers.add(handler);
    return { dispose: () => this.closeHandlers.delete(handler) };
  }

  /** Ends the connection once what was written has gone out. */
  dispose(): void {
    this.socket.end();
    this.close();
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.socket.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    if (this.unreadable) return;
    this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.received.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const length = Number(/^content-length: *(\d+)/im.exec(this.received.subarray(0, headerEnd).toString('ascii'))?.[1]);
      const start = headerEnd + HEADER_END.length;
      if (!Number.isInteger(length)) return this.unreadableStream('a message from the helper has no Content-Length');
      if (this.received.length < start + length) return;
      const body = this.received.subarray(start, start + length).toString('utf8');
      this.received = this.received.subarray(start + length);
      try {
        this.enqueue(JSON.parse(body) as Message);
      } catch {
        return this.unreadableStream('a message from the helper is not JSON');
      }
    }
  }

  private enqueue(item: Message | typeof CLOSED): void {
    this.inbox.push(item);
    this.drain();
  }

  private drain(): void {
    if (this.draining || !this.inbox.length) return;
    this.draining = true;
    setImmediate(() => {
      this.draining = false;
      const item = this.inbox.shift()!;
      this.drain();
      if (item === CLOSED) this.close();
      else this.dispatch(item);
    });
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined) {
      for (const handler of this.notificationHandlers.get(message.method) ?? []) {
        try {
          handler(message.params);
        } catch (err) {
          // A failing handler is its caller's bug: the other handlers still get the message.
          this.onHandlerError(err);
        }
      }
      return;
    }
    const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id!);
    if (message.error) waiting.reject(new RpcError(message.error.code, message.error.message));
    else waiting.resolve(message.result);
  }

  /** A helper that speaks something else is left, as one that went away: the messages before it still count. */
  private unreadableStream(why: string): void {
    this.unreadable = true;
    this.socket.destroy(new Error(why));
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { reject } of this.pending.values()) reject(new ConnectionClosed());
    this.pending.clear();
    for (const handler of this.closeHandlers) handler();
  }
}
