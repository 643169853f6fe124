// Every request a client can make, registered in one place.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { listContexts } from '../../engine/dockerContext';
import { attach } from '../../up/attach';
import type { Helper, Session } from '../helper';
import type { Services } from '../services';
import { registerLogHandlers } from './logs';
import { registerPortHandlers } from './ports';
import { registerRemoteServerHandlers } from './remoteServer';
import { registerResourceHandlers } from './resources';
import { registerStatsHandlers } from './stats';
import { registerTerminalHandlers } from './terminal';
import { registerWorkspaceHandlers } from './workspace';

export function registerHandlers(conn: MessageConnection, session: Session, helper: Helper, services: Services): void {
  registerWorkspaceHandlers(conn, session, helper, {
    afterUp: async (s, outcome) => {
      services.events(s.engine);
      await attach(s, outcome, services.forwards);
    },
    afterDown: (workspaceFolder) => {
      services.forwards.drop(workspaceFolder);
      services.remoteServers.forget(workspaceFolder);
    },
  });
  registerPortHandlers(conn, services);
  registerRemoteServerHandlers(conn, session, helper, services);
  registerLogHandlers(conn, session, helper, services);
  registerResourceHandlers(conn, session);
  registerTerminalHandlers(conn, session);
  registerStatsHandlers(conn, session, services);
  handle(conn, 'engine.status', () => services.events(session.engine).status);
  handle(conn, 'engine.contexts', () => listContexts(session.env));
}
