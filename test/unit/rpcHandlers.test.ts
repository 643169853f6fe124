// The helper's handlers are typed by the protocol: tsc (`npx tsc -p . --noEmit`) checks that
// each expected error below happens, so a handler that reads a field the request does not have,
// or answers with the wrong shape, fails the build.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from '../../runtime-helper/daemon/handlers/handle';
import { answerOf } from '../../runtime-helper/rpc/protocol';
import { fail, ok } from '../../runtime-helper/util/result';

/** Records what handle registers, so the handler can be called as the connection would. */
function fakeConnection() {
  const registered = new Map<string, (params: unknown) => unknown>();
  const conn = { onRequest: (method: string, fn: (params: unknown) => unknown) => void registered.set(method, fn) } as unknown as MessageConnection;
  return { conn, registered };
}

describe('typed RPC handlers', () => {
  test('a handler gets the request params of its method and answers its result', async () => {
    const { conn, registered } = fakeConnection();
    handle(conn, 'operations.log', (p) => ok([{ time: 't', stream: 'system', text: p.id }]));
    assert.deepEqual(await registered.get('operations.log')!({ id: 'op-1' }), ok([{ time: 't', stream: 'system', text: 'op-1' }]));
  });

  test('a field the request does not have, or a wrong result, does not compile', () => {
    const { conn } = fakeConnection();
    // @ts-expect-error 'containerId' is not a field of images.remove's params ({ id })
    handle(conn, 'images.remove', (p) => ok(void p.containerId));
    // @ts-expect-error ports.list answers PortForward[], not a Result
    handle(conn, 'ports.list', () => ok([]));
    // @ts-expect-error a handler declaring other params than the protocol's
    handle(conn, 'terminal.input', (p: { terminal: string; data: string }) => void p);
    // @ts-expect-error no such request
    handle(conn, 'containers.explode', () => undefined);
  });

  test("a client's answer: an RpcResult as it is, any other answer (engine.status has its own ok) as a success", () => {
    const down = { ok: false, endpoint: 'unix:///var/run/docker.sock' };
    assert.deepEqual(answerOf('engine.status', down), ok(down));
    assert.deepEqual(answerOf('ports.list', []), ok([]));
    assert.deepEqual(answerOf('images.remove', fail({ message: 'in use' })), fail({ message: 'in use' }));
  });
});
