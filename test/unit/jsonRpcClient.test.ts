// Berth's own JSON-RPC client against the helper's side of the wire, vscode-jsonrpc: answers,
// errors, notifications and close; and frames cut anywhere, as a socket may deliver them.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createMessageConnection, ResponseError, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node';
import { ConnectionClosed, JsonRpcClient, RpcError } from '../../runtime-helper/rpc/jsonRpcClient';

const dir = mkdtempSync(join(tmpdir(), 'berth-rpc-'));
let n = 0;

/** A server on a fresh socket; `serve` gets each accepted socket. */
async function pair(serve: (s: Socket) => void, onHandlerError?: (err: unknown) => void): Promise<{ client: JsonRpcClient; server: Server }> {
  const path = join(dir, `s${n++}.sock`);
  const server = createServer(serve);
  await new Promise<void>((r) => server.listen(path, r));
  const socket = connect(path);
  await new Promise((r) => socket.once('connect', r));
  return { client: new JsonRpcClient(socket, onHandlerError), server };
}

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

describe('JsonRpcClient', () => {
  test('speaks to vscode-jsonrpc: answers, error answers with their code, and notifications in order', async () => {
    const { client, server } = await pair((s) => {
      const conn = createMessageConnection(new SocketMessageReader(s), new SocketMessageWriter(s));
      conn.onRequest('echo', async (p: { text: string }) => {
        await conn.sendNotification('progress', { step: 1 });
        await conn.sendNotification('progress', { step: 2 });
        return { text: p.text };
      });
      conn.onRequest('refuse', () => new ResponseError(-32602, 'bad params'));
      conn.listen();
    });
    servers.push(server);
    const seen: unknown[] = [];
    client.onNotification('progress', (p) => seen.push(p));
    // Multi-byte text: Content-Length counts bytes, not characters.
    assert.deepEqual(await client.request('echo', { text: 'héllo ☃ 😀' }), { text: 'héllo ☃ 😀' });
    assert.deepEqual(seen, [{ step: 1 }, { step: 2 }]);
    const err = await client.request('refuse', {}).catch((e: unknown) => e);
    assert.ok(err instanceof RpcError);
    assert.equal(err.code, -32602);
    assert.equal(err.message, 'bad params');
    client.dispose();
  });

  test('frames split anywhere, even inside a character, and several in one chunk, arrive whole', async () => {
    const body = (id: number, text: string) => JSON.stringify({ jsonrpc: '2.0', id, result: text });
    const frame = (id: number, text: string) => {
      const b = Buffer.from(body(id, text));
      return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`), b]);
    };
    const { client, server } = await pair((s) => {
      s.once('data', () => {
        const all = Buffer.concat([frame(0, 'zero ☃'), frame(1, 'one 😀'), frame(2, 'two')]);
        // One byte at a time for the first frame and a half, then the rest in one go.
        let i = 0;
        const drip = () => {
          if (i < 40) return void s.write(all.subarray(i, ++i), () => setImmediate(drip));
          s.write(all.subarray(i));
        };
        drip();
      });
    });
    servers.push(server);
    const answers = await Promise.all([client.request('a', {}), client.request('b', {}), client.request('c', {})]);
    assert.deepEqual(answers, ['zero ☃', 'one 😀', 'two']);
    client.dispose();
  });

  test('the code awaiting an answer runs before the notifications that came with it', async () => {
    const frame = (message: object) => {
      const b = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
      return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`), b]);
    };
    // A subscription's answer and its first data, in one chunk: the data names the id the answer gives.
    const { client, server } = await pair((s) => s.once('data', () => s.write(Buffer.concat([frame({ id: 0, result: 'sub-1' }), frame({ method: 'data', params: { id: 'sub-1' } })]))));
    servers.push(server);
    let subscription: unknown;
    const matched: boolean[] = [];
    client.onNotification('data', (p) => matched.push((p as { id: string }).id === subscription));
    subscription = await client.request('subscribe', {});
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(matched, [true]);
    client.dispose();
  });

  test('a notification handler that throws does not hold back the messages after it', async () => {
    const thrown: unknown[] = [];
    const { client, server } = await pair((s) => {
      const conn = createMessageConnection(new SocketMessageReader(s), new SocketMessageWriter(s));
      conn.onRequest('go', async () => {
        // The notifications and the answer leave together, so they arrive in one chunk.
        void conn.sendNotification('first', {});
        void conn.sendNotification('second', {});
        return 'done';
      });
      conn.listen();
    }, (err) => thrown.push(err));
    servers.push(server);
    const seen: string[] = [];
    client.onNotification('first', () => {
      throw new Error('a handler bug');
    });
    client.onNotification('second', () => seen.push('second'));
    assert.equal(await client.request('go', {}), 'done');
    assert.deepEqual(seen, ['second']);
    assert.match(String(thrown[0]), /a handler bug/);
    client.dispose();
  });

  test('a close fails what is pending with ConnectionClosed, tells onClose, and refuses later requests', async () => {
    const { client, server } = await pair((s) => s.once('data', () => s.destroy()));
    servers.push(server);
    let closes = 0;
    client.onClose(() => closes++);
    const err = await client.request('x', {}).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectionClosed);
    assert.equal(closes, 1);
    await assert.rejects(client.request('y', {}), /closed/);
  });

  test('a peer that does not speak the protocol ends the connection instead of hanging it', async () => {
    const { client, server } = await pair((s) => s.once('data', () => s.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    servers.push(server);
    const err = await client.request('x', {}).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectionClosed);
  });
});
