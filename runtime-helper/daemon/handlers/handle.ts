// Every handler is registered through here, so the compiler checks it against the protocol:
// a field renamed in a request breaks the handler's build, not only the client's. At run time
// the params are checked against their shape first: a wrong type is refused before anything starts.
import { ErrorCodes, ResponseError, type MessageConnection } from 'vscode-jsonrpc/node';
import { paramsProblem } from '../../rpc/paramShapes';
import type { ParamsOf, RequestName, ResultOf } from '../../rpc/protocol';

export type Handler<M extends RequestName> = (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;

export function handle<M extends RequestName>(conn: MessageConnection, method: M, fn: Handler<M>): void {
  conn.onRequest(method, (params: ParamsOf<M>) => {
    const problem = paramsProblem(method, params);
    if (problem) return new ResponseError(ErrorCodes.InvalidParams, problem);
    return fn(params);
  });
}
