// code-server 4.96.4 (installed by scripts/ensure-code-server.sh) with its own user data
// and extensions folders, the packaged Berth extension installed, serving on 127.0.0.1.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CODE_SERVER_DIR } from '../../support/codeServerFiles';
import { run } from './packageExtension';

const CODE_SERVER = join(CODE_SERVER_DIR, 'node_modules/.bin/code-server');

const SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  // The DOM renderer keeps the terminal's text readable from the page.
  'terminal.integrated.gpuAcceleration': 'off',
  // code-server's window counts as remote, so VS Code echoes keystrokes itself (typeahead)
  // whenever a round trip takes over 30 ms, as on a loaded CI machine; its guesses at Enter
  // draw the output over the prompt line, and the tests read what the screen shows.
  'terminal.integrated.localEchoEnabled': 'off',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  // code-server's own port detection would also announce Berth's 127.0.0.1 listeners and
  // bring its Ports view forward over Berth's; a Berth user turns it off the same way.
  'remote.autoForwardPorts': false,
};

export interface CodeServer {
  url: string;
  userData: string;
  /** What code-server printed so far. */
  output(): string;
  /** The extension host's log: activation errors of the extension land here. */
  extensionHostLog(): string;
  stop(): Promise<void>;
}

/** Starts code-server in `root` (user data, extensions) with `vsix` (and `moreVsix`) installed. */
export async function startCodeServer(root: string, vsix: string, env: NodeJS.ProcessEnv, moreVsix: string[] = []): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed at ${CODE_SERVER}: run bash scripts/ensure-code-server.sh`);
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  for (const extension of [vsix, ...moreVsix]) run(CODE_SERVER, [...dirs, '--install-extension', extension], env);
  const port = await freePort();
  // Its own process group, so stopping it also ends its extension host and pty host.
  const server = spawn(CODE_SERVER, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...dirs, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout!.on('data', (b) => (output += b));
  server.stderr!.on('data', (b) => (output += b));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  // A test run that ends abruptly still takes its editor with it.
  const orphanGuard = () => signalGroup(server.pid!, 'SIGKILL');
  process.once('exit', orphanGuard);
  void exited.then(() => process.off('exit', orphanGuard));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, () => output, () => server.exitCode !== null);
  return {
    url,
    userData,
    output: () => output,
    extensionHostLog: () => extensionHostLog(userData),
    stop: async () => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      signalGroup(server.pid!, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(server.pid!, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function extensionHostLog(userData: string): string {
  const logs = join(userData, 'logs');
  if (!existsSync(logs)) return '';
  let text = '';
  for (const session of readdirSync(logs).sort()) {
    const dir = join(logs, session);
    for (const host of existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith('exthost')) : []) {
      const file = join(dir, host, 'remoteexthost.log');
      if (existsSync(file)) text += readFileSync(file, 'utf8');
    }
  }
  return text;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitForHealth(url: string, output: () => string, gone: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !gone()) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url}:\n${output()}`);
}
