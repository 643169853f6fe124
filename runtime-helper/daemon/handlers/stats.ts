// Live container stats for a client's Containers tree, only while it asks (the tree is visible),
// or for one container's stats chart while it is open.
import { randomUUID } from 'node:crypto';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import type { Session } from '../helper';
import type { Services } from '../services';
import { StatsStream } from '../statsStream';

export function registerStatsHandlers(conn: MessageConnection, session: Session, services: Services): void {
  handle(conn, 'stats.subscribe', async (p) => {
    const subscriptionId = randomUUID();
    const stream = new StatsStream(session.engine, services.events(session.engine), {
      data: (stats) => session.notify('stats.data', { subscriptionId, stats }),
      end: (id) => session.notify('stats.end', { subscriptionId, id }),
    }, p?.containerId);
    services.stats.set(subscriptionId, { stream, conn });
    await stream.start().catch(() => undefined); // an engine that is down: its tree says so already
    return { subscriptionId };
  });

  handle(conn, 'stats.unsubscribe', (p) => {
    services.stats.get(p.subscriptionId)?.stream.close();
    services.stats.delete(p.subscriptionId);
  });
}
