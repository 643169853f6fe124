// A real VS Code (code-server 4.96.4) with the packaged Berth extension installed, driven
// by Debian's chromium through playwright-core. Everything lives in a throwaway folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BERTH, REPO } from '../../support/cli';

const CODE_SERVER = join(REPO, '.berth-cache/code-server/node_modules/.bin/code-server');
export const RESULTS = join(REPO, 'test-results');

export interface Editor {
  page: Page;
  folder: string;
  helperDir: string;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the .vsix the way a user gets it: `npm run package`. */
export function packageExtension(): string {
  const vsix = join(REPO, '.berth-cache', 'berth.vsix');
  run(process.execPath, [join(REPO, 'scripts/build.mjs'), '--production']);
  run(join(REPO, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix]);
  return vsix;
}

export async function openEditor(vsix: string, files: Record<string, string>): Promise<Editor> {
  const root = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  const folder = join(root, 'sample');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const helperDir = join(root, 'helper');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'terminal.integrated.gpuAcceleration': 'off',
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
    }),
  );
  const env = { ...process.env, BERTH_HELPER_DIR: helperDir, BERTH_HELPER_IDLE_MS: '60000' };
  run(CODE_SERVER, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], env);
  const port = await freePort();
  const server = spawn(CODE_SERVER, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', folder], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout!.on('data', (b) => (serverLog += b));
  server.stderr!.on('data', (b) => (serverLog += b));
  await waitForHttp(port, () => serverLog);
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  mkdirSync(RESULTS, { recursive: true });
  let shot = 0;
  return {
    page,
    folder,
    helperDir,
    screenshot: async (name) => void (await page.screenshot({ path: join(RESULTS, `e2e-${String(++shot).padStart(2, '0')}-${name}.png`) })),
    close: async () => {
      await browser.close().catch(() => undefined);
      stop(server);
      stopHelper(env);
    },
  };
}

/** Runs a command from the palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-box input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await input.press('Enter');
}

/** The extension's helper outlives the editor by design; the test ends it. */
function stopHelper(env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, [BERTH, 'helper', 'status'], { env, encoding: 'utf8' });
  const pid = JSON.parse(r.stdout.trim().split('\n').pop() || '{}').pid as number | undefined;
  if (pid) process.kill(pid, 'SIGTERM');
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { cwd: REPO, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

function stop(child: ChildProcess): void {
  try {
    child.kill('SIGTERM');
  } catch {
    /* already gone */
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not start:\n${log()}`);
}
