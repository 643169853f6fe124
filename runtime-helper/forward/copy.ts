// Moving bytes between two sockets as fast as Node can: the container side reads into
// a fresh large buffer per read (no copy, few syscalls), with backpressure both ways.
import type { Socket } from 'node:net';

export const READ_BUFFER_BYTES = 1 << 20;

/** `onread` options for net.connect: hands every chunk straight to `sink`. */
export function zeroCopyReader(sink: () => Socket | undefined, paused: (source: 'pause' | 'resume') => void) {
  return {
    buffer: () => Buffer.allocUnsafeSlow(READ_BUFFER_BYTES),
    callback: (n: number, buf: Uint8Array): boolean => {
      const out = sink();
      if (!out) return false;
      const flushed = out.write(buf.subarray(0, n));
      if (!flushed) {
        paused('pause');
        out.once('drain', () => paused('resume'));
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
