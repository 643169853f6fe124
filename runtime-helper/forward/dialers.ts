// How a forward reaches the container's port: straight to the container's address when
// the host can route to it, or relayed through an exec in the container otherwise.
import type { Engine } from '../engine/engine';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { zeroCopyReader } from './copy';
import { relayMuxFor } from './relay/relayMux';

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

/**
 * Through Berth's relay program in the container (relay/berth-relay.c), which carries
 * half-close exactly, as shell tools cannot. Where it cannot run, `unusable` hears why at
 * once, and each connection fails with that reason instead of hanging.
 */
export function relayDialer(engine: Engine, containerId: () => string, port: number, unusable: (message: string) => void): Dialer {
  const reason = (error: BerthError) => `port ${port}: ${error.message}`;
  // Started ahead of the first connection, which then need not wait for it.
  void relayMuxFor(engine, containerId()).then((mux) => mux.ok || unusable(reason(mux.error)));
  return async (client, failed) => {
    const mux = await relayMuxFor(engine, containerId());
    if (!mux.ok) return fail({ ...mux.error, message: reason(mux.error) });
    return ok(mux.value.open(port, client, failed));
  };
}
