// Forwarded ports: list, add and remove, for one workspace or all.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { fail, ok } from '../../util/result';
import type { Services } from '../services';

export function registerPortHandlers(conn: MessageConnection, services: Services): void {
  conn.onRequest('ports.list', (p: { workspaceFolder?: string }) => services.forwards.list(p.workspaceFolder));

  conn.onRequest('ports.add', async (p: { workspaceFolder: string; containerPort: number; localPort?: number; label?: string }) => {
    const manager = services.forwards.get(p.workspaceFolder);
    if (!manager) return fail({ message: `no running dev container for ${p.workspaceFolder}`, fix: `berth up --workspace-folder ${p.workspaceFolder}` });
    return manager.add(p.containerPort, p.localPort, p.label);
  });

  conn.onRequest('ports.remove', (p: { workspaceFolder: string; containerPort: number }) => {
    const manager = services.forwards.get(p.workspaceFolder);
    if (!manager) return fail({ message: `no forwards for ${p.workspaceFolder}` });
    const r = manager.remove(p.containerPort);
    return r.ok ? ok(undefined) : r;
  });
}
