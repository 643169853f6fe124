// Long-lived work the helper does on behalf of its clients: engine events, port
// forwards and log follows. Created once per helper process.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { engine } from '../engine/docker';
import type { Engine } from '../engine/engine';
import { EngineEvents } from './engineEvents';
import { ForwardRegistry } from './forwardRegistry';
import type { Helper } from './helper';
import type { LogStream } from './serviceLogs';
import { RemoteServers } from './remoteServers';
import { runHooksAfterRestart } from './restartHooks';
import type { StatsStream } from './statsStream';

export interface Services {
  forwards: ForwardRegistry;
  remoteServers: RemoteServers;
  /** The shared event subscription of an engine, started on first use. */
  events(endpoint: Engine): EngineEvents;
  /** Log follows, by subscription id, with the client that asked. */
  logs: Map<string, { follower: LogStream; conn: MessageConnection }>;
  /** Live stats streams, by subscription id, with the client that asked. */
  stats: Map<string, { stream: StatsStream; conn: MessageConnection }>;
  /** A client went away: drop what it alone was using. */
  clientGone(conn: MessageConnection): void;
  dispose(): void;
}

export function startServices(helper: Helper): Services {
  const forwards = new ForwardRegistry((workspaceFolder, ports) => helper.broadcast('ports.changed', { workspaceFolder, ports }));
  const remoteServers = new RemoteServers(forwards);
  const byEndpoint = new Map<Engine, EngineEvents>();
  const logs = new Map<string, { follower: LogStream; conn: MessageConnection }>();
  const stats = new Map<string, { stream: StatsStream; conn: MessageConnection }>();
  const events = (endpoint: Engine) => {
    let e = byEndpoint.get(endpoint);
    if (!e) {
      e = new EngineEvents(endpoint, (status) => helper.broadcast('engine.status', status));
      e.on((event) => {
        helper.broadcast('engine.event', event);
        forwards.onEngineEvent(event);
        if (event.type === 'container' && event.action === 'start') {
          for (const { follower } of logs.values()) follower.containerStarted(event.id);
          const workspace = forwards.workspaceOf(event.id);
          if (workspace) void runHooksAfterRestart(helper, endpoint, event.id, workspace, workspace.caller ?? { env: process.env, settings: {} }).catch(() => undefined);
          void remoteServers.containerStarted(event.id).catch(() => undefined);
        }
      });
      byEndpoint.set(endpoint, e);
    }
    return e;
  };
  helper.holdAliveWhile(() => forwards.size > 0 || logs.size > 0);
  // Forwards a killed helper had come back with the local engine's containers.
  const local = engine();
  events(local);
  void forwards.restore(local).catch(() => undefined);

  return {
    forwards,
    remoteServers,
    events,
    logs,
    stats,
    clientGone: (conn) => {
      for (const [id, l] of logs) if (l.conn === conn) (l.follower.close(), logs.delete(id));
      for (const [id, s] of stats) if (s.conn === conn) (s.stream.close(), stats.delete(id));
    },
    dispose: () => {
      forwards.dispose();
      for (const e of byEndpoint.values()) e.dispose();
      for (const { follower } of logs.values()) follower.close();
      for (const { stream } of stats.values()) stream.close();
    },
  };
}
