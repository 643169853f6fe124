// Container logs streamed to one client, following the container across restarts.
import { randomUUID } from 'node:crypto';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { handle } from './handle';
import type { LogLine } from '../../rpc/protocol';
import { fail, ok } from '../../util/result';
import type { Helper, Session } from '../helper';
import { LogFollower } from '../logFollower';
import { projectLogTargets, ServiceLogs, type LogStream } from '../serviceLogs';
import type { Services } from '../services';

export function registerLogHandlers(conn: MessageConnection, session: Session, helper: Helper, services: Services): void {
  handle(conn, 'logs.subscribe', async (p) => {
    const subscriptionId = randomUUID();
    const { engine } = session;
    const what = 'composeProject' in p ? `the compose project ${p.composeProject}` : `the log of ${p.containerId}`;
    services.events(engine); // restarts are seen through the engine's events
    const sink = {
      lines: (lines: LogLine[]) => session.notify('logs.data', { subscriptionId, lines }),
      gap: (reason: string) => session.notify('logs.gap', { subscriptionId, reason }),
      end: () => {
        services.logs.delete(subscriptionId);
        session.notify('logs.end', { subscriptionId });
      },
    };
    try {
      let follower: LogStream;
      if ('composeProject' in p) {
        const targets = await projectLogTargets(engine, p.composeProject);
        if (!targets.length) return fail({ message: `${what} has no containers`, fix: 'Start it (`berth up`), then open its log again.' });
        follower = new ServiceLogs(engine, targets, p.follow, p.tail, sink);
      } else follower = new LogFollower(engine, p.containerId, p.follow, p.tail, sink);
      services.logs.set(subscriptionId, { follower, conn });
      await follower.start();
      return ok({ subscriptionId });
    } catch (err) {
      services.logs.get(subscriptionId)?.follower.close();
      services.logs.delete(subscriptionId);
      return fail({ message: `cannot read ${what}: ${(err as Error).message}` });
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
