// Forwarded ports: list, add and remove, for one workspace or all.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { fail, ok } from '../../util/result';
import type { Services } from '../services';

// Right after a helper restart the forwards are still coming back: requests wait for them.
export function registerPortHandlers(conn: MessageConnection, services: Services): void {
  handle(conn, 'ports.list', async (p) => {
    await services.forwards.restored(p.workspaceFolder);
    return services.forwards.list(p.workspaceFolder);
  });

  handle(conn, 'ports.add', async (p) => {
    await services.forwards.restored(p.workspaceFolder);
    const manager = services.forwards.get(p.workspaceFolder);
    if (!manager) return fail({ message: `no running dev container for ${p.workspaceFolder}`, fix: `berth up --workspace-folder ${p.workspaceFolder}` });
    return manager.add(p.containerPort, p.localPort, p.label);
  });

  handle(conn, 'ports.remove', async (p) => {
    await services.forwards.restored(p.workspaceFolder);
    const manager = services.forwards.get(p.workspaceFolder);
    if (!manager) return fail({ message: `no forwards for ${p.workspaceFolder}` });
    const r = manager.remove(p.containerPort);
    return r.ok ? ok(undefined) : r;
  });
}
