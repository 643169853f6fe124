// Moving bytes between two sockets as fast as Node can. The container side reads straight
// into buffers handed to the client socket (no copy); buffers start small, for quick
// request/response traffic, grow while reads fill them, and are reused once written,
// so bulk transfers take no page faults.
import type { Socket } from 'node:net';

const FIRST_BYTES = 16 << 10;
const MAX_BYTES = 1 << 20;
/**
 * Written buffers wait here, by size, for the next read of any connection. Fresh buffers per
 * connection would be external memory that lives as long as the connection: in the helper
 * that meant a full garbage collection every ten or so downloads of 1 MiB (~5 ms of CPU
 * each). The first size is kept deeper: every connection starts with one.
 */
const pools = new Map<number, Buffer[]>();
const KEPT = { first: 64, grown: 4 };

function take(size: number): Buffer {
  return pools.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
}

function giveBack(chunk: Buffer): void {
  let pool = pools.get(chunk.length);
  if (!pool) pools.set(chunk.length, (pool = []));
  if (pool.length < (chunk.length === FIRST_BYTES ? KEPT.first : KEPT.grown)) pool.push(chunk);
}

/** `onread` options for net.connect: hands every chunk straight to `out`, with backpressure. */
export function zeroCopyReader(out: Socket, pauseSource: () => void, resumeSource: () => void) {
  let size = FIRST_BYTES;
  // Handed to the socket for its next read; unset once filled, so an unfilled one can be given back on close.
  let current: Buffer | undefined;
  return {
    buffer: () => (current = take(size)),
    callback: (n: number, buf: Uint8Array): boolean => {
      const chunk = current!;
      current = undefined;
      if (n === buf.length && size < MAX_BYTES) size *= 4;
      const flushed = out.write(buf.subarray(0, n), () => giveBack(chunk));
      if (!flushed) {
        pauseSource();
        out.once('drain', resumeSource);
      }
      return true;
    },
    /** Call once the source socket has closed: nothing can read into its buffer any more. */
    release: () => {
      if (current) giveBack(current);
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
