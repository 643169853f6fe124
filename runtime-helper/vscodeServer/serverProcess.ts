// Starts and stops the VS Code server in the container as the remote user, on 127.0.0.1,
// with its connection token in a 0600 file of the user's private data folder.
import { randomBytes } from 'node:crypto';
import type { Engine } from '../engine/engine';
import { execIn } from '../engine/execIn';
import { SERVER_MAIN } from './serverBits';
import { writeFileAs } from './writeFileAs';

export interface ServerPlace {
  containerId: string;
  user: string;
  /** The server's data folder in the container (user data, extensions, log, token). */
  dataDir: string;
  installDir: string;
  node: string;
  /** Added to the server's environment. */
  env?: Record<string, string>;
}

export interface RunningServer {
  /** The port the server listens on, on 127.0.0.1 inside the container. */
  port: number;
  token: string;
}

export function dataDirFor(home: string): string {
  return `${home.replace(/\/$/, '')}/.berth-vscode-server`;
}

/** The server's machine settings: what the config's customizations.vscode.settings say. */
export function writeMachineSettings(engine: Engine, place: ServerPlace, settings: Record<string, unknown>): Promise<void> {
  return writeFileAs(engine, place.containerId, place.user, `${place.dataDir}/data/Machine`, 'settings.json', JSON.stringify(settings, null, 2));
}

const START_TIMEOUT_MS = 30_000;
const BOUND = /Server bound to 127\.0\.0\.1:(\d+)/;

/** The server's own arguments: what matters is that nothing listens beyond 127.0.0.1 and nothing phones home. */
export function serverArgs(place: ServerPlace, port: number): string[] {
  return [
    `${place.installDir}/${SERVER_MAIN}`,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--connection-token-file', `${place.dataDir}/token`,
    '--server-data-dir', place.dataDir,
    '--telemetry-level', 'off',
    '--accept-server-license-terms',
  ];
}

/** The server of this data folder and install, when one runs: its port and token. */
export async function runningServer(engine: Engine, place: ServerPlace): Promise<RunningServer | undefined> {
  // One of another install (an editor of another commit started it) does not count: its clients would get "version mismatch".
  const script = 'p="$(cat "$1/server.pid")" && kill -0 "$p" 2>/dev/null || exit 3; tr "\\0" "\\n" < "/proc/$p/cmdline" | grep -qxF "$2" || exit 4; cat "$1/token"; echo; cat "$1/server.log"';
  const r = await execIn(engine, place.containerId, {
    argv: ['/bin/sh', '-c', script, 'berth-server-check', place.dataDir, `${place.installDir}/${SERVER_MAIN}`],
    user: place.user,
  });
  if (r.exitCode !== 0) return undefined;
  const [token, ...log] = r.output.split('\n');
  const port = BOUND.exec(log.join('\n'))?.[1];
  return port && token ? { port: Number(port), token } : undefined;
}

/** Starts the server (on `port`, or any free one with 0) and waits until it listens. */
export async function startServer(engine: Engine, place: ServerPlace, port = 0): Promise<RunningServer> {
  const token = (await readToken(engine, place)) ?? (await writeToken(engine, place));
  // The exec is the leader of its own process group, so `stopServer` ends the server's children too.
  await engine.execDetached(place.containerId, {
    cmd: ['/bin/sh', '-c', 'd="$1"; shift; echo $$ > "$d/server.pid"; exec "$@" > "$d/server.log" 2>&1', 'berth-vscode-server', place.dataDir, place.node, ...serverArgs(place, port)],
    user: place.user,
    env: place.env,
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const r = await execIn(engine, place.containerId, {
      argv: ['/bin/sh', '-c', 'cat "$1/server.log" 2>/dev/null; kill -0 "$(cat "$1/server.pid" 2>/dev/null)" 2>/dev/null || echo "berth: the server exited"', 'berth-server-wait', place.dataDir],
      user: place.user,
    });
    const bound = BOUND.exec(r.output)?.[1];
    if (bound) return { port: Number(bound), token };
    if (r.output.includes('berth: the server exited') || Date.now() > deadline) {
      const why = redactToken(r.output.replace('berth: the server exited', '')).trim().split('\n').slice(-8).join('\n');
      throw new Error(`the VS Code server did not start in the container${why ? `:\n${why}` : ' (it printed nothing)'}`);
    }
  }
}

export async function stopServer(engine: Engine, place: Pick<ServerPlace, 'containerId' | 'dataDir'>): Promise<void> {
  // The pid file can be another container's (the data volume outlives a rebuild): only a server's pid is signalled.
  await execIn(engine, place.containerId, {
    argv: ['/bin/sh', '-c', 'p="$(cat "$1/server.pid" 2>/dev/null)" || exit 0; tr "\\0" "\\n" < "/proc/$p/cmdline" 2>/dev/null | grep -qF "$2" && { kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; }; rm -f "$1/server.pid"', 'berth-server-stop', place.dataDir, SERVER_MAIN],
    user: '0',
  });
}

/** The server prints its web address with the token: never let that reach a message. */
export function redactToken(text: string): string {
  return text.replace(/([?&]tkn=)[^\s&]+/g, '$1…');
}

async function readToken(engine: Engine, place: ServerPlace): Promise<string | undefined> {
  const r = await execIn(engine, place.containerId, { argv: ['cat', `${place.dataDir}/token`], user: place.user });
  const token = r.output.trim();
  return r.exitCode === 0 && /^[0-9a-f]{32,}$/.test(token) ? token : undefined;
}

async function writeToken(engine: Engine, place: ServerPlace): Promise<string> {
  const token = randomBytes(24).toString('hex');
  await writeFileAs(engine, place.containerId, place.user, place.dataDir, 'token', token);
  return token;
}
