// The state one helper process shares between all its clients: engines, operations,
// forwards and the broadcast channel for notifications.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Engine } from '../engine/engine';
import type { ClientSettings, Notifications, NotificationName } from '../rpc/protocol';
import { Engines } from './engines';
import { Operations } from './operations';
import { WindowAttachments } from './windowAttachments';

/** One connected client: its environment decides the engine and ${localEnv:…}. */
export interface Session {
  env: NodeJS.ProcessEnv;
  /** The client's Berth settings (the editor's `berth.*`). */
  settings: ClientSettings;
  engine: Engine;
  /** Aborted when the client disconnects: what it asked for is cancelled. */
  gone: AbortSignal;
  /** Never throws: a client that went away simply gets nothing. */
  notify<N extends NotificationName>(name: N, params: Notifications[N]): void;
}

/** vscode-jsonrpc throws synchronously on a disposed connection and rejects on a broken
 * socket; a notification to a client that left is not an error for anyone. */
export function notifyQuietly<N extends NotificationName>(conn: MessageConnection, name: N, params: Notifications[N]): void {
  try {
    void conn.sendNotification(name, params).catch(() => undefined);
  } catch {
    /* the client is gone */
  }
}

export class Helper {
  readonly engines = new Engines();
  readonly operations = new Operations((operation) => this.broadcast('operations.changed', { operation }));
  readonly clients = new Set<MessageConnection>();
  /** Which windows are attached to which folder, for shutdownAction when the last one closes. */
  readonly attachments = new WindowAttachments<MessageConnection>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Things other than clients that keep the helper alive (forwards, log follows). */
  private readonly keepAlive = new Set<() => boolean>();

  broadcast<N extends NotificationName>(name: N, params: Notifications[N]): void {
    for (const c of this.clients) notifyQuietly(c, name, params);
  }

  /** Runs work for one workspace at a time, so two windows never race on one container. */
  serialize<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(key, next);
    void next.finally(() => this.locks.get(key) === next && this.locks.delete(key)).catch(() => undefined);
    return next;
  }

  holdAliveWhile(busy: () => boolean): void {
    this.keepAlive.add(busy);
  }

  isIdle(): boolean {
    return this.clients.size === 0 && this.locks.size === 0 && this.attachments.pending === 0 && ![...this.keepAlive].some((busy) => busy());
  }
}
