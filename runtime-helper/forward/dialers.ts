// How a forward reaches the container's port: straight to the container's address when
// the host can route to it, or relayed through an exec in the container otherwise.
import type Docker from 'dockerode';
import { connect, type Socket } from 'node:net';
import { Writable, type Duplex } from 'node:stream';
import { fail, ok, type Result } from '../util/result';
import { zeroCopyReader } from './copy';

/**
 * Connects to the container's port and streams what it sends into `client`; returns where
 * client bytes go. The direct path answers at once (bytes written before the connection is
 * up are queued), saving an event-loop turn per connection; `failed` reports what goes wrong.
 */
export type Dialer = (client: Socket, failed: (message: string) => void) => Result<Duplex> | Promise<Result<Duplex>>;

const CONNECT_TIMEOUT_MS = 5000;

export function directDialer(address: () => string | undefined, port: number): Dialer {
  return (client, failed) => {
    const host = address();
    if (!host) return fail({ message: 'the container has no network address; is it running?' });
    const reader = zeroCopyReader(client, () => upstream.pause(), () => upstream.resume());
    const upstream: Socket = connect({ host, port, allowHalfOpen: true, noDelay: true, onread: reader });
    upstream.once('close', reader.release);
    // Never hang: a connect that does not complete in time is reported and dropped.
    upstream.setTimeout(CONNECT_TIMEOUT_MS, () => {
      const message = `connecting to ${host}:${port} timed out after ${CONNECT_TIMEOUT_MS / 1000} s`;
      failed(message);
      // With an error, so the client is closed too rather than left waiting.
      upstream.destroy(new Error(message));
    });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      upstream.setTimeout(0);
    });
    upstream.once('error', (err: NodeJS.ErrnoException) => {
      if (!connected) failed(err.code === 'ECONNREFUSED' ? `nothing accepts connections on port ${port} in the container` : `port ${port}: ${err.message}`);
    });
    upstream.on('end', () => client.end());
    return ok(upstream);
  };
}

// Tries the relay tools a container may have. The port arrives as "$1", never pasted in.
const RELAY_SCRIPT = [
  'p="$1"',
  'if command -v socat >/dev/null 2>&1; then exec socat - "TCP:127.0.0.1:$p"; fi',
  'if command -v nc >/dev/null 2>&1; then exec nc 127.0.0.1 "$p"; fi',
  'if command -v busybox >/dev/null 2>&1; then exec busybox nc 127.0.0.1 "$p"; fi',
  'if command -v bash >/dev/null 2>&1; then exec bash -c \'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1; cat <&3 & cat >&3; wait\' relay "$p"; fi',
  'echo "no relay tool (socat, nc, busybox or bash) in the container" >&2; exit 127',
].join('\n');

export function relayDialer(docker: Docker, containerId: () => string, port: number): Dialer {
  return async (client, failed) => {
    try {
      const exec = await docker.getContainer(containerId()).exec({
        Cmd: ['/bin/sh', '-c', RELAY_SCRIPT, 'berth-relay', String(port)],
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      });
      const stream = (await exec.start({ hijack: true, stdin: true })) as unknown as Duplex;
      let received = 0;
      let stderr = '';
      const stdout = new Writable({
        write(chunk: Buffer, _enc: string, done: (err?: Error) => void) {
          received += chunk.length;
          if (client.write(chunk)) done();
          else client.once('drain', () => done());
        },
      });
      const errors = new Writable({
        write(chunk: Buffer, _enc: string, done: () => void) {
          stderr += chunk.toString();
          done();
        },
      });
      docker.modem.demuxStream(stream, stdout, errors);
      stream.on('end', () => {
        client.end();
        // A relay that ends having sent nothing, with complaints, could not connect.
        if (received === 0 && stderr.trim()) failed(`port ${port} (relay): ${stderr.trim().split('\n').pop()}`);
      });
      return ok(stream);
    } catch (err) {
      return fail({ message: `port ${port} (relay): ${(err as Error).message}` });
    }
  };
}
