// One berth-relay exec per container carries all of its relayed connections: an exec per
// connection costs the engine ~100 ms, which 500 connections at once turn into a minute.
// This side frames what connections send and routes what the relay sends back.
import type { Engine } from '../../engine/engine';
import type { Socket } from 'node:net';
import { engineMessage } from '../../engine/engineError';
import { fail, ok, type Result } from '../../util/result';
import { forgetRelay, placeRelay } from './placeRelay';
import { MAX_PAYLOAD, RelayConnection, type FrameType, type RelayLink } from './relayConnection';

const VERSION = 'berth-relay 2';
const HEADER = 9;
/** Docker's multiplexed exec stream: an 8-byte header (stream, 0, 0, 0, length) per frame. */
const DOCKER_HEADER = 8;
const STDOUT = 1;
const START_TIMEOUT_MS = 10_000;

interface Running {
  mux: Promise<Result<RelayMux>>;
  ended: boolean;
}
const running = new Map<string, Running>();

/** The container's relay, started on first use and again after it ended. */
export function relayMuxFor(engine: Engine, containerId: string): Promise<Result<RelayMux>> {
  const known = running.get(containerId);
  if (known && !known.ended) return known.mux;
  const entry: Running = { mux: RelayMux.start(engine, containerId), ended: false };
  running.set(containerId, entry);
  const end = () => {
    entry.ended = true;
    if (running.get(containerId) === entry) running.delete(containerId);
  };
  void entry.mux.then((r) => (r.ok ? r.value.whenEnded(end) : end()));
  return entry.mux;
}

export class RelayMux implements RelayLink {
  private readonly connections = new Map<number, RelayConnection>();
  private nextId = 1;
  private corked = false;
  // Docker's frames, then ours inside its stdout: both may be split anywhere.
  private dockerHeader = Buffer.alloc(DOCKER_HEADER);
  private dockerHeaderHave = 0;
  private dockerStream = 0;
  private dockerLeft = 0;
  private pieces: Buffer[] = [];
  private have = 0;
  private stderr = '';
  /** Set when the relay sent what it must not: whoever placed it there, the helper does not crash. */
  private broken: string | undefined;
  private hello: ((error?: string) => void) | undefined;
  private endedCallbacks: (() => void)[] = [];
  private alive = true;

  private constructor(private readonly exec: Socket) {}

  static async start(engine: Engine, containerId: string): Promise<Result<RelayMux>> {
    const unusable = (why: string) => {
      // Whatever was placed may be what failed: place it again next time.
      forgetRelay(containerId);
      return fail<RelayMux>({
        message: `Berth's relay cannot run in this container: ${why}`,
        fix: 'On a local engine, let the server listen on all interfaces (0.0.0.0): the host then reaches it directly, without the relay.',
      });
    };
    const program = await placeRelay(engine, containerId);
    if (!program.ok) return unusable(program.error.message);
    let exec: Socket;
    try {
      // The hijacked connection is a socket: the mux relies on its half-close and backpressure.
      exec = (await engine.exec(containerId, { cmd: [program.value], stdin: true })).stream as Socket;
    } catch (err) {
      return unusable(engineMessage(err));
    }
    const mux = new RelayMux(exec);
    let timer: NodeJS.Timeout | undefined;
    const problem = await new Promise<string | undefined>((resolve) => {
      mux.hello = resolve;
      timer = setTimeout(() => resolve(`it did not answer within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
      exec.on('data', (chunk: Buffer) => mux.demux(chunk));
      exec.once('close', () => mux.ended());
      exec.once('error', () => exec.destroy());
    });
    clearTimeout(timer);
    mux.hello = undefined;
    if (problem === undefined) return ok(mux);
    exec.destroy();
    return unusable(problem);
  }

  /** A new connection to `port` in the container, for `client`. */
  open(port: number, client: Socket, failed: (message: string) => void): RelayConnection {
    const id = this.nextId++;
    const connection = new RelayConnection(this, id, client, port, failed);
    this.connections.set(id, connection);
    // Ended while the dialer waited for it: nothing will answer, so say so rather than hang.
    if (!this.alive) process.nextTick(() => connection.gone('the relay exited'));
    return connection;
  }

  send(type: FrameType, id: number, payload?: Buffer): void {
    // Frames of one turn of the event loop go out in one write.
    if (!this.corked) {
      this.corked = true;
      this.exec.cork();
      process.nextTick(() => {
        this.corked = false;
        this.exec.uncork();
      });
    }
    const header = Buffer.allocUnsafe(HEADER);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(id, 1);
    header.writeUInt32BE(payload?.length ?? 0, 5);
    this.exec.write(header);
    if (payload?.length) this.exec.write(payload);
  }

  /** Runs `callback` once the relay has exited (at once if it has). */
  whenEnded(callback: () => void): void {
    if (this.alive) this.endedCallbacks.push(callback);
    else callback();
  }

  forget(id: number): void {
    this.connections.delete(id);
  }

  /** Splits the exec stream into Docker's frames: stdout is ours, stderr only says why it died. */
  private demux(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.dockerLeft === 0) {
        const take = Math.min(DOCKER_HEADER - this.dockerHeaderHave, chunk.length - at);
        chunk.copy(this.dockerHeader, this.dockerHeaderHave, at, at + take);
        this.dockerHeaderHave += take;
        at += take;
        if (this.dockerHeaderHave < DOCKER_HEADER) return;
        this.dockerHeaderHave = 0;
        this.dockerStream = this.dockerHeader[0];
        this.dockerLeft = this.dockerHeader.readUInt32BE(4);
        continue;
      }
      const take = Math.min(this.dockerLeft, chunk.length - at);
      const piece = chunk.subarray(at, at + take);
      at += take;
      this.dockerLeft -= take;
      if (this.dockerStream === STDOUT) this.frames(piece);
      else this.stderr = (this.stderr + piece.toString()).slice(-4096);
    }
  }

  private frames(piece: Buffer): void {
    this.pieces.push(piece);
    this.have += piece.length;
    while (this.have >= HEADER && !this.broken) {
      const length = this.peekHeader().readUInt32BE(5);
      if (length > MAX_PAYLOAD) return this.protocolError(`a frame of ${length} bytes`);
      if (this.have < HEADER + length) return;
      const frame = this.take(HEADER + length);
      this.frame(String.fromCharCode(frame[0]), frame.readUInt32BE(1), frame.subarray(HEADER));
    }
  }

  private peekHeader(): Buffer {
    return this.pieces[0].length >= HEADER ? this.pieces[0] : Buffer.concat(this.pieces).subarray(0, HEADER);
  }

  /** The next `size` bytes, without copying when one piece holds them. */
  private take(size: number): Buffer {
    this.have -= size;
    const first = this.pieces[0];
    if (first.length >= size) {
      if (first.length === size) this.pieces.shift();
      else this.pieces[0] = first.subarray(size);
      return first.subarray(0, size);
    }
    const all = Buffer.concat(this.pieces);
    this.pieces = all.length > size ? [all.subarray(size)] : [];
    return all.subarray(0, size);
  }

  private frame(type: string, id: number, payload: Buffer): void {
    if (type === 'H') {
      this.hello?.(payload.toString() === VERSION ? undefined : `it is another version (${payload.toString()})`);
      return;
    }
    if (!'DSCX'.includes(type) || (type === 'C' && payload.length !== 4)) return this.protocolError(`a frame of type ${JSON.stringify(type)} and ${payload.length} bytes`);
    const connection = this.connections.get(id);
    if (!connection) return; // dropped on our side already
    if (type === 'D') {
      if (!connection.fromServer(payload)) this.protocolError(`more than its window for connection ${id}`);
    } else if (type === 'S') connection.serverEnded();
    else if (type === 'C') connection.credited(payload.readUInt32BE(0));
    else connection.gone(payload.toString());
  }

  private protocolError(what: string): void {
    this.broken = `the relay broke its protocol: it sent ${what}`;
    this.exec.destroy();
  }

  private ended(): void {
    this.alive = false;
    for (const callback of this.endedCallbacks) callback();
    // The engine's own complaint (no such file, exec format error) comes on either stream.
    const said = this.broken ?? (this.stderr.trim() || Buffer.concat(this.pieces).toString().replace(/[^\x20-\x7e\n]/g, '').trim());
    const why = said.split('\n').pop() || 'the relay exited';
    this.hello?.(why);
    for (const connection of this.connections.values()) connection.gone(why);
  }
}
