// The opening of VS Code's remote protocol, as a desktop client makes it over a byte pipe:
// an HTTP upgrade without WebSocket framing, then two control messages (auth -> sign,
// connectionType -> ok). Berth makes it itself so that a wrong build or token is named
// plainly instead of leaving the editor's window to fail with less to go on.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { fail, ok, type BerthError, type Result } from '../util/result';

/** VS Code's PersistentProtocol: type (1 byte), id, ack, length (4 bytes each, big-endian). */
const HEADER = 13;
const CONTROL = 2;
const DISCONNECT = 5;
/** desiredConnectionType: Management, what a window opens first. */
const MANAGEMENT = 1;
const TIMEOUT_MS = 20_000;

export interface HandshakeOptions {
  /** The client's build: `commit` of its product.json. */
  commit: string;
  token: string;
  timeoutMs?: number;
}

export function frame(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 9);
  return Buffer.concat([header, body]);
}

/** Whole messages at the start of `bytes`, and what is left of a partial one. */
export function readFrames(bytes: Buffer): { messages: { type: number; body: Buffer }[]; rest: Buffer } {
  const messages: { type: number; body: Buffer }[] = [];
  let at = 0;
  while (bytes.length - at >= HEADER && bytes.length - at - HEADER >= bytes.readUInt32BE(at + 9)) {
    const length = bytes.readUInt32BE(at + 9);
    messages.push({ type: bytes.readUInt8(at), body: bytes.subarray(at + HEADER, at + HEADER + length) });
    at += HEADER + length;
  }
  return { messages, rest: bytes.subarray(at) };
}

/** What the server's refusal means to a user, and what to do. */
export function refusal(reason: string, commit: string): BerthError {
  if (/version mismatch/.test(reason)) {
    return { message: `the VS Code server in the container refused the editor's build ${commit.slice(0, 10)} (version mismatch): it is another commit`, fix: 'Reopen in Container again: Berth installs the server of the editor\'s own commit.' };
  }
  if (/auth mismatch/.test(reason)) {
    return { message: 'the VS Code server in the container refused the connection token (auth mismatch)', fix: 'Reopen in Container again: Berth reads the token the server was started with.' };
  }
  return { message: `the VS Code server in the container refused the connection: ${reason}` };
}

/** Runs the handshake on `pipe` (fresh, nothing sent yet); ends it afterwards, telling the server so. */
export async function handshake(pipe: Duplex, options: HandshakeOptions): Promise<Result<void>> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  let buffered: Buffer = Buffer.alloc(0);
  let upgraded = false;
  let step: 'auth' | 'connectionType' = 'auth';
  const send = (message: object) => pipe.write(frame(CONTROL, Buffer.from(JSON.stringify(message))));
  const result = await new Promise<Result<void>>((resolve) => {
    const timer = setTimeout(() => resolve(fail({ message: `the VS Code server in the container did not answer the handshake within ${timeoutMs / 1000} s` })), timeoutMs);
    const done = (r: Result<void>) => {
      clearTimeout(timer);
      pipe.off('data', onData);
      resolve(r);
    };
    const onControl = (body: Buffer) => {
      let message: { type?: string; reason?: string };
      try {
        message = JSON.parse(body.toString('utf8')) as typeof message;
      } catch {
        return done(fail({ message: 'the VS Code server in the container answered the handshake with something that is not JSON' }));
      }
      if (message.type === 'error') return done(fail(refusal(String(message.reason), options.commit)));
      if (step === 'auth' && message.type === 'sign') {
        step = 'connectionType';
        send({ type: 'connectionType', commit: options.commit, signedData: '', desiredConnectionType: MANAGEMENT });
        return;
      }
      if (step === 'connectionType' && message.type === 'ok') return done(ok(undefined));
      done(fail({ message: `the VS Code server in the container answered the handshake with "${message.type}"` }));
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
        if (!/^HTTP\/1\.1 101 /.test(status)) return done(fail({ message: `the VS Code server in the container did not take the connection: ${status}` }));
        upgraded = true;
        buffered = buffered.subarray(end + 4);
        send({ type: 'auth', auth: options.token, data: randomUUID() });
      }
      const { messages, rest } = readFrames(buffered);
      buffered = rest;
      for (const m of messages) if (m.type === CONTROL) onControl(m.body);
    };
    pipe.on('data', onData);
    pipe.once('error', (err) => done(fail({ message: `the pipe to the VS Code server broke: ${err.message}` })));
    pipe.once('close', () => done(fail({ message: 'the VS Code server in the container closed the connection during the handshake' })));
    const query = `reconnectionToken=${randomUUID()}&reconnection=false&skipWebSocketFrames=true`;
    pipe.write(`GET /?${query} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`);
  });
  // A management connection the server would otherwise keep for hours, waiting for a reconnection.
  if (result.ok) pipe.write(frame(DISCONNECT, Buffer.alloc(0)));
  pipe.end();
  return result;
}
