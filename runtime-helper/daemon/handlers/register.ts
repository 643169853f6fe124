// Every request a client can make, registered in one place.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { listContexts } from '../../engine/dockerContext';
import type { Helper, Session } from '../helper';
import type { Services } from '../services';
import { registerLogHandlers } from './logs';
import { registerPortHandlers } from './ports';
import { registerResourceHandlers } from './resources';
import { registerStatsHandlers } from './stats';
import { registerTerminalHandlers } from './terminal';
import { registerWorkspaceHandlers } from './workspace';

export function registerHandlers(conn: MessageConnection, session: Session, helper: Helper, services: Services): void {
  registerWorkspaceHandlers(conn, session, helper, {
    afterUp: async (s, outcome) => {
      services.events(s.engine);
      await services.forwards.ensure(s.engine, outcome.loaded.workspaceFolder, outcome.loaded.configFile, outcome.containerId, outcome.merged);
    },
    afterDown: (workspaceFolder) => services.forwards.drop(workspaceFolder),
  });
  registerPortHandlers(conn, services);
  registerLogHandlers(conn, session, helper, services);
  registerResourceHandlers(conn, session);
  registerTerminalHandlers(conn, session);
  registerStatsHandlers(conn, session, services);
  handle(conn, 'engine.status', () => services.events(session.engine).status);
  handle(conn, 'engine.contexts', () => listContexts(session.env));
}
