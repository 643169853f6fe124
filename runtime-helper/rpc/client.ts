// Client side of the helper's JSON-RPC, used by the CLI and the extension.
// Must stay free of dockerode and vscode imports.
import { openSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { ConnectionClosed, JsonRpcClient, type Disposable } from './jsonRpcClient';
import { PROTOCOL_VERSION, type ClientSettings, type Notifications, type NotificationName, type ParamsOf, type RequestName, type ResultOf } from './protocol';
import { ensurePrivateDir, helperDir, helperSocket } from './socketPath';
import { fail, ok, type Result } from '../util/result';

export interface HelperClient {
  request<M extends RequestName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  onNotification<N extends NotificationName>(name: N, handler: (params: Notifications[N]) => void): Disposable;
  /** Fires when the connection drops (helper crashed or exited); the caller may reconnect. */
  onClose(handler: () => void): Disposable;
  dispose(): void;
}

export interface ConnectOptions {
  clientName: string;
  /** Path of dist/berth.js, run as `node <helperScript> helper serve` when no helper answers. */
  helperScript: string;
  env?: NodeJS.ProcessEnv;
  /** The caller's Berth settings, sent with hello. */
  settings?: ClientSettings;
  /** How long to wait for a freshly started helper. */
  startTimeoutMs?: number;
  /**
   * A request the connection closed on is sent again, once, over a new one (for one-shot
   * callers such as the CLI; the extension reconnects and reloads by itself).
   */
  retryOnClose?: boolean;
}

/** Connects to the user's helper, starting it detached when none answers. */
export async function connectHelper(options: ConnectOptions): Promise<Result<HelperClient>> {
  const env = options.env ?? process.env;
  // Checked before connecting: hello carries the caller's environment.
  const dir = ensurePrivateDir(helperDir(env));
  if (!dir.ok) return dir;
  const socketPath = helperSocket(env);
  let socket = await tryConnect(socketPath);
  if (!socket) {
    // A supervisor that is starting its helper again brings it back sooner alone: a second
    // helper would only compete with it for the CPU, and then exit. Unless it takes long.
    const timeoutMs = options.startTimeoutMs ?? 10_000;
    const deadline = Date.now() + timeoutMs;
    let started = false;
    while (!socket && Date.now() < deadline) {
      if (!started && (!supervisorRunning(env) || Date.now() > deadline - timeoutMs / 2)) {
        startHelper(options.helperScript, env);
        started = true;
      }
      await new Promise((r) => setTimeout(r, 25));
      socket = await tryConnect(socketPath);
    }
  }
  if (!socket) {
    return fail({
      message: `The Berth helper did not start (no answer on ${socketPath}).`,
      fix: `Run \`node ${options.helperScript} helper serve\` to see why, and check ${join(helperDir(env), 'helper.log')}.`,
    });
  }
  const client = wrap(socket, options.retryOnClose ? () => connectHelper(options) : undefined);
  // The socket's name carries the protocol version, so hello need not be awaited: requests
  // sent right after it are served in order, which saves a round trip on every CLI call.
  client.request('hello', { clientName: options.clientName, protocolVersion: PROTOCOL_VERSION, env: definedOnly(env), settings: options.settings }).catch(() => client.dispose());
  return ok(client);
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function tryConnect(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', () => resolve(undefined));
  });
}

/** Where `berth helper serve` keeps its pid while it supervises a helper. */
export function supervisorPidFile(env: NodeJS.ProcessEnv = process.env): string {
  return `${helperSocket(env)}.supervisor`;
}

function supervisorRunning(env: NodeJS.ProcessEnv): boolean {
  try {
    const pid = Number(readFileSync(supervisorPidFile(env), 'utf8'));
    // (kill 0 checks that the process exists; pid 0 would mean our own process group.)
    return Number.isInteger(pid) && pid > 0 && process.kill(pid, 0);
  } catch {
    return false; // no file, or its supervisor is gone
  }
}

function startHelper(script: string, env: NodeJS.ProcessEnv): void {
  // Loaded here: most calls find the helper running, and loading child_process costs ms.
  // (require, not import(): the CLI runs from a vm.Script, which has no dynamic import.)
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  const log = openSync(join(helperDir(env), 'helper.log'), 'a', 0o600);
  // ELECTRON_RUN_AS_NODE lets the editor's own Electron binary run the helper as plain Node.
  const child = spawn(process.execPath, [script, 'helper', 'serve'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
  });
  child.unref();
}

/**
 * With `reconnect`, requests never hang on a helper that went away: one the closed connection
 * left unanswered is sent once more over a new connection (the supervisor or the next client
 * has a helper up again by then), with the notification handlers moved along.
 */
function wrap(socket: Socket, reconnect?: () => Promise<Result<HelperClient>>): HelperClient {
  const conn = new JsonRpcClient(socket);
  const handlers: Array<[NotificationName, (p: unknown) => void]> = [];
  let replacement: Promise<Result<HelperClient>> | undefined;
  const replace = () =>
    (replacement ??= reconnect!().then((r) => {
      if (r.ok) for (const [name, handler] of handlers) r.value.onNotification(name, handler);
      return r;
    }));
  return {
    request: async (method, params) => {
      // hello is not sent again: the new connection says its own.
      if (!reconnect || method === 'hello') return conn.request(method, params) as Promise<ResultOf<typeof method>>;
      const first = await conn.request(method, params).then(
        (value) => ({ value }),
        (err: Error) => (err instanceof ConnectionClosed ? undefined : Promise.reject(err)),
      );
      if (first) return first.value as ResultOf<typeof method>;
      const next = await replace();
      if (!next.ok) throw new Error(next.error.message);
      return next.value.request(method, params);
    },
    onNotification: (name, handler) => {
      handlers.push([name, handler as (p: unknown) => void]);
      return conn.onNotification(name, handler as (p: unknown) => void);
    },
    onClose: (handler) => conn.onClose(handler),
    dispose: () => {
      conn.dispose();
      void replacement?.then((r) => r.ok && r.value.dispose());
    },
  };
}
