// Client side of the helper's JSON-RPC: used by the CLI and the extension.
// Must stay free of dockerode and vscode imports.
// CONTRACT (implemented by the daemon task): connectHelper starts the helper detached when
// none answers on the per-user socket, says hello with PROTOCOL_VERSION, and returns a typed client.
import type { Notifications, NotificationName, ParamsOf, RequestName, ResultOf } from './protocol';
import type { Result } from '../util/result';

export interface Disposable {
  dispose(): void;
}

export interface HelperClient {
  request<M extends RequestName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  onNotification<N extends NotificationName>(name: N, handler: (params: Notifications[N]) => void): Disposable;
  /** Fires when the connection drops (helper crashed or exited); the caller may reconnect. */
  onClose(handler: () => void): Disposable;
  dispose(): void;
}

export interface ConnectOptions {
  clientName: string;
  /** Path of dist/berth.js, run as `node <helperScript> helper serve` when no helper answers. */
  helperScript: string;
}

export declare function connectHelper(options: ConnectOptions): Promise<Result<HelperClient>>;
