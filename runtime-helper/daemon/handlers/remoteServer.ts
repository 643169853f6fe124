// Requests about the VS Code server in a workspace's dev container.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { RemoteServerParams, WorkspaceRef } from '../../rpc/protocol';
import type { Helper, Session } from '../helper';
import type { Services } from '../services';
import { tracked } from './workspace';

export function registerRemoteServerHandlers(conn: MessageConnection, session: Session, helper: Helper, services: Services): void {
  conn.onRequest('remoteServer.start', (params: RemoteServerParams) =>
    tracked(session, helper, 'up', params, `VS Code server for ${params.workspaceFolder}`, async (progress) => {
      await services.forwards.restored(params.workspaceFolder);
      return services.remoteServers.start(session.engine, { env: session.env, settings: session.settings }, params, progress);
    }),
  );
  conn.onRequest('remoteServer.pipe', (params: WorkspaceRef) => services.remoteServers.pipe(params.workspaceFolder));
  conn.onRequest('remoteServer.stop', (params: WorkspaceRef) => helper.serialize(params.workspaceFolder, () => services.remoteServers.stop(params.workspaceFolder)));
}
