// A control for the throughput bench, run as its own process: Berth's byte-moving code
// (runtime-helper/forward/copy.ts) between 127.0.0.1 and a container port, optionally made
// slower on purpose by copying every chunk it moves `extraCopies` more times. Two of these,
// one slowed, are paths whose order is known; a bench that measures them alike cannot tell
// a slower forwarder from a faster one. Prints the port it listens on.
// Usage: node --import tsx bench/controlForwarder.ts HOST PORT EXTRA_COPIES
import { connect, createServer, type Socket } from 'node:net';
import { pump, zeroCopyReader } from '../runtime-helper/forward/copy';

const [host, port, extraCopies] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const scratch = Buffer.allocUnsafeSlow(1 << 20);

const server = createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true }, (client) => {
  const reader = zeroCopyReader(client, () => upstream.pause(), () => upstream.resume());
  const callback = (n: number, buf: Uint8Array): boolean => {
    for (let i = 0; i < extraCopies; i++) scratch.set(buf.subarray(0, Math.min(n, scratch.length)));
    return reader.callback(n, buf);
  };
  const upstream: Socket = connect({ host, port, allowHalfOpen: true, noDelay: true, onread: { buffer: reader.buffer, callback } });
  upstream.once('close', reader.release);
  upstream.on('end', () => client.end());
  upstream.on('error', () => client.destroy());
  client.on('end', () => upstream.end());
  client.on('error', () => upstream.destroy());
  pump(client, upstream);
  client.resume();
});
server.listen(0, '127.0.0.1', () => console.log((server.address() as { port: number }).port));
