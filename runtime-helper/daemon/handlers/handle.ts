// Every handler is registered through here, so the compiler checks it against the protocol:
// a field renamed in a request breaks the handler's build, not only the client's.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { ParamsOf, RequestName, ResultOf } from '../../rpc/protocol';

export type Handler<M extends RequestName> = (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;

export function handle<M extends RequestName>(conn: MessageConnection, method: M, fn: Handler<M>): void {
  conn.onRequest(method, (params: ParamsOf<M>) => fn(params));
}
