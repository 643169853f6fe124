// The window's link to the per-user helper: connected on first request, re-established
// (starting a new helper) when it drops, with notification handlers that survive that.
// Its requests never throw: a helper that cannot start, a dropped connection and a failed
// request all come back as a Result, so every caller handles them where it shows them.
import * as vscode from 'vscode';
import type { HelperClient } from '../../runtime-helper/rpc/client';
import { answerOf, type Answer, type ForwardMode, type Notifications, type NotificationName, type ParamsOf, type RequestName } from '../../runtime-helper/rpc/protocol';
import { BerthFailure, fail, formatError, toBerthError } from '../../runtime-helper/util/result';

type Handler = (params: never) => void;

export class HelperConnection implements vscode.Disposable {
  private client: Promise<HelperClient> | undefined;
  private readonly handlers = new Map<NotificationName, Set<Handler>>();
  private readonly forwarded = new WeakMap<HelperClient, Set<NotificationName>>();
  private readonly dropped = new vscode.EventEmitter<void>();
  private readonly reconnected = new vscode.EventEmitter<void>();
  /** Fires after the helper came back (e.g. it crashed): views reload what they show. */
  readonly onDidReconnect = this.reconnected.event;
  private disposed = false;
  /** Set over the editor's environment for the helper (the chosen DOCKER_CONTEXT). */
  private envOverrides: Record<string, string> = {};
  private current: HelperClient | undefined;

  constructor(private readonly helperScript: () => string, private readonly log: vscode.LogOutputChannel) {}

  async request<M extends RequestName>(method: M, params: ParamsOf<M>): Promise<Answer<M>> {
    try {
      const client = await this.connect();
      return answerOf(method, await client.request(method, params));
    } catch (err) {
      return fail(toBerthError(err)) as Answer<M>;
    }
  }

  /** Registers without connecting: handlers start receiving once something needs the helper. */
  onNotification<N extends NotificationName>(name: N, handler: (params: Notifications[N]) => void): vscode.Disposable {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
      void this.client?.then((c) => this.forward(c, name), () => undefined);
    }
    set.add(handler as Handler);
    return new vscode.Disposable(() => set!.delete(handler as Handler));
  }

  /** The name the webviews knew before the connection was a HelperClient. */
  readonly on = this.onNotification.bind(this);

  onClose(handler: () => void): vscode.Disposable {
    return this.dropped.event(handler);
  }

  private connect(): Promise<HelperClient> {
    this.client ??= (async () => {
      // The RPC library loads here, not at activation.
      const { connectHelper } = await import('../../runtime-helper/rpc/client');
      const started = Date.now();
      const settings = { forwardMode: vscode.workspace.getConfiguration('berth').get<ForwardMode>('forwardMode') };
      const r = await connectHelper({ clientName: `vscode ${vscode.env.appName}`, helperScript: this.helperScript(), env: { ...process.env, ...this.envOverrides }, settings });
      if (!r.ok) {
        this.client = undefined;
        this.log.error(formatError(r.error));
        throw new BerthFailure(r.error); // request() turns it back into the value, fix and all
      }
      this.log.info(`Connected to the Berth helper in ${Date.now() - started} ms`);
      const c = r.value;
      for (const name of this.handlers.keys()) this.forward(c, name);
      this.current = c;
      c.onClose(() => {
        // A connection replaced by useEnv went away on purpose.
        if (this.disposed || this.current !== c) return;
        this.dropped.fire();
        this.log.warn('The Berth helper went away; starting it again.');
        this.client = undefined;
        void this.connect().then(() => this.reconnected.fire(), () => undefined);
      });
      return c;
    })();
    return this.client;
  }

  /** Later connections pass `overrides` over the editor's environment; a live one connects again, and views reload as after a reconnect. */
  useEnv(overrides: Record<string, string>): void {
    this.envOverrides = overrides;
    const old = this.client;
    if (!old) return;
    this.client = undefined;
    this.current = undefined;
    void old.then((c) => c.dispose(), () => undefined);
    void this.connect().then(() => this.reconnected.fire(), () => undefined);
  }

  /** Passes one kind of notification from a connection to the handlers, once per connection. */
  private forward(c: HelperClient, name: NotificationName): void {
    const done = this.forwarded.get(c) ?? new Set();
    this.forwarded.set(c, done);
    if (done.has(name)) return;
    done.add(name);
    c.onNotification(name, (params) => {
      for (const h of this.handlers.get(name) ?? []) (h as (p: typeof params) => void)(params);
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.client?.then((c) => c.dispose(), () => undefined);
    this.dropped.dispose();
    this.reconnected.dispose();
  }
}
