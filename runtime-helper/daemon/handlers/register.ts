// Every request a client can make, registered in one place.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Helper, Session } from '../helper';
import type { Services } from '../services';
import { registerWorkspaceHandlers } from './workspace';

export function registerHandlers(conn: MessageConnection, session: Session, helper: Helper, _services: Services): void {
  registerWorkspaceHandlers(conn, session, helper, { afterUp: async () => undefined, afterDown: () => undefined });
}
