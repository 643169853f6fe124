// Container logs streamed to one client, following the container across restarts.
import { randomUUID } from 'node:crypto';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import { fail, ok } from '../../util/result';
import type { Helper, Session } from '../helper';
import { LogFollower } from '../logFollower';
import type { Services } from '../services';

export function registerLogHandlers(conn: MessageConnection, session: Session, helper: Helper, services: Services): void {
  handle(conn, 'logs.subscribe', async (p) => {
    const subscriptionId = randomUUID();
    services.events(session.engine); // restarts are seen through the engine's events
    const follower = new LogFollower(session.engine, p.containerId, p.follow, p.tail, {
      lines: (lines) => session.notify('logs.data', { subscriptionId, lines }),
      gap: (reason) => session.notify('logs.gap', { subscriptionId, reason }),
      end: () => {
        services.logs.delete(subscriptionId);
        session.notify('logs.end', { subscriptionId });
      },
    });
    services.logs.set(subscriptionId, { follower, conn });
    try {
      await follower.start();
      return ok({ subscriptionId });
    } catch (err) {
      services.logs.delete(subscriptionId);
      return fail({ message: `cannot read the log of ${p.containerId}: ${(err as Error).message}` });
    }
  });

  handle(conn, 'logs.unsubscribe', (p) => {
    services.logs.get(p.subscriptionId)?.follower.close();
    services.logs.delete(p.subscriptionId);
  });

  handle(conn, 'operations.list', () => helper.operations.list());
  handle(conn, 'operations.log', (p) => {
    const lines = helper.operations.log(p.id);
    return lines ? ok(lines) : fail({ message: `no operation ${p.id}` });
  });
}
