// Moving bytes between two sockets as fast as Node can. The container side reads straight
// into buffers handed to the client socket (no copy); buffers start small, for quick
// request/response traffic, grow while reads fill them, and are reused once written,
// so bulk transfers take no page faults.
import type { Socket } from 'node:net';

const FIRST_BYTES = 16 << 10;
const MAX_BYTES = 1 << 20;
const POOL = 4;

/** `onread` options for net.connect: hands every chunk straight to `out`, with backpressure. */
export function zeroCopyReader(out: Socket, pauseSource: () => void, resumeSource: () => void) {
  const free: Buffer[] = [];
  let size = FIRST_BYTES;
  let current: Buffer;
  return {
    buffer: () => {
      const reused = free.pop();
      current = reused && reused.length === size ? reused : Buffer.allocUnsafeSlow(size);
      return current;
    },
    callback: (n: number, buf: Uint8Array): boolean => {
      const chunk = current;
      if (n === buf.length && size < MAX_BYTES) size *= 4;
      const flushed = out.write(buf.subarray(0, n), () => {
        if (chunk.length === size && free.length < POOL) free.push(chunk);
      });
      if (!flushed) {
        pauseSource();
        out.once('drain', resumeSource);
      }
      return true;
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
