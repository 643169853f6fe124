import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import { directDialer } from '../../runtime-helper/forward/dialers';
import { TcpForwarder } from '../../runtime-helper/forward/tcpForwarder';

const MIB = 1 << 20;
const DOWNLOADS = 100;

/** Reads one connection to its end into a reused buffer (no garbage of its own); returns the bytes read. */
function download(port: number, into: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = 0;
    const socket = connect({ host: '127.0.0.1', port, onread: { buffer: into, callback: (n) => ((received += n), true) } });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

test('downloads one after another reuse the read buffers of those before: the forward leaves no buffers behind for the garbage collector', async () => {
  const payload = Buffer.alloc(4 * MIB, 7);
  const served = new Set<Socket>();
  const server = createServer((s) => {
    served.add(s);
    s.end(payload);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const forwarder = await TcpForwarder.listen({
    preferredPort: 20000 + (process.pid % 20000),
    dial: directDialer(() => '127.0.0.1', (server.address() as AddressInfo).port),
    onProblem: (m) => assert.fail(m),
  });
  assert.ok(forwarder.ok);
  try {
    const into = Buffer.allocUnsafe(64 << 10);
    await download(forwarder.value.localPort, into); // the first one allocates what all need
    const before = process.memoryUsage().arrayBuffers;
    let grown = 0;
    for (let i = 0; i < DOWNLOADS; i++) {
      assert.equal(await download(forwarder.value.localPort, into), payload.length);
      grown = Math.max(grown, process.memoryUsage().arrayBuffers - before);
    }
    // Fresh buffers per connection pile up as external memory until V8 collects them, in the
    // helper with a full collection of its heap every ten or so downloads of 1 MiB.
    assert.ok(grown < 4 * MIB, `buffer memory grew by ${(grown / MIB).toFixed(1)} MiB over ${DOWNLOADS} downloads of 4 MiB`);
  } finally {
    forwarder.value.close();
    // close() ends the clients; a container side still waiting for its client's end goes with the server.
    for (const s of served) s.destroy();
    server.close();
  }
});
