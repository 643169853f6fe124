// Moving bytes between two sockets as fast as Node can. The container side reads straight
// into buffers handed to the client socket (no copy); buffers start small, for quick
// request/response traffic, grow while reads fill them, and are reused once written,
// so bulk transfers take no page faults.
import type { Socket } from 'node:net';

const FIRST_BYTES = 16 << 10;
const MAX_BYTES = 1 << 20;
const POOL = 4;
/**
 * First buffers are shared by all connections: a short request/response connection would
 * otherwise leave a fresh 16 KiB behind each time, and the garbage collector would run
 * every few hundred connections, in someone's request.
 */
const sharedFirst: Buffer[] = [];
const SHARED_POOL = 64;

function take(size: number, free: Buffer[]): Buffer {
  const pool = size === FIRST_BYTES ? sharedFirst : free;
  const reused = pool.pop();
  return reused && reused.length === size ? reused : Buffer.allocUnsafeSlow(size);
}

function giveBack(chunk: Buffer, size: number, free: Buffer[]): void {
  if (chunk.length === FIRST_BYTES) {
    if (sharedFirst.length < SHARED_POOL) sharedFirst.push(chunk);
  } else if (chunk.length === size && free.length < POOL) free.push(chunk);
}

/** `onread` options for net.connect: hands every chunk straight to `out`, with backpressure. */
export function zeroCopyReader(out: Socket, pauseSource: () => void, resumeSource: () => void) {
  const free: Buffer[] = [];
  let size = FIRST_BYTES;
  // Handed to the socket for its next read; unset once filled, so an unfilled one can be given back on close.
  let current: Buffer | undefined;
  return {
    buffer: () => (current = take(size, free)),
    callback: (n: number, buf: Uint8Array): boolean => {
      const chunk = current!;
      current = undefined;
      if (n === buf.length && size < MAX_BYTES) size *= 4;
      const flushed = out.write(buf.subarray(0, n), () => giveBack(chunk, size, free));
      if (!flushed) {
        pauseSource();
        out.once('drain', resumeSource);
      }
      return true;
    },
    /** Call once the source socket has closed: nothing can read into its buffer any more. */
    release: () => {
      if (current) giveBack(current, size, free);
      current = undefined;
    },
  };
}

/** Client to container: ordinary streaming with backpressure. */
export function pump(from: Socket, to: Socket): void {
  from.on('data', (chunk) => {
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
}
