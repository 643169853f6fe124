// Long-lived work the helper does on behalf of its clients: port forwards, engine
// events, log follows and terminals. Created once per helper process.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Helper } from './helper';

export interface Services {
  /** A client went away: drop what it alone was using. */
  clientGone(conn: MessageConnection): void;
  dispose(): void;
}

export function startServices(_helper: Helper): Services {
  return {
    clientGone: () => undefined,
    dispose: () => undefined,
  };
}
