// Requests about the VS Code server in a workspace's dev container.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import type { Helper, Session } from '../helper';
import type { Services } from '../services';
import { tracked } from './workspace';

export function registerRemoteServerHandlers(conn: MessageConnection, session: Session, helper: Helper, services: Services): void {
  handle(conn, 'remoteServer.start', (params) =>
    tracked(session, helper, 'up', params, `VS Code server for ${params.workspaceFolder}`, async (progress) => {
      await services.forwards.restored(params.workspaceFolder);
      return services.remoteServers.start(session.engine, { env: session.env, settings: session.settings }, params, progress);
    }),
  );
  handle(conn, 'remoteServer.pipe', (params) => services.remoteServers.pipe(params.workspaceFolder));
  handle(conn, 'remoteServer.stop', (params) => helper.serialize(params.workspaceFolder, () => services.remoteServers.stop(params.workspaceFolder)));
}
