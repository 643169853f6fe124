// The container's window (code-server route): how long after `up` answers its workbench is on
// screen, with the server's build on the host (code-server's own). Each round is a new container
// (`up --remove-existing-container`, as Rebuild does, not counted), then what Reopen in Container
// does next: remoteServer.start (copy the server in, start it, forward it) and a browser page on
// the forward, until the workbench shows. A second figure: the server already running (a reload).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { HelperClient } from '../runtime-helper/rpc/client';
import { launchChromium } from '../test/e2e/support/chromium';
import { SERVER_ROOT } from '../test/support/codeServerFiles';
import { remoteWindowUrl } from '../src/remote/remoteWindowUrl';
import { removeContainers } from './upBench';
import { stats, type Stats } from './measure';

const ROUNDS = 4;

export interface RemoteWindowBenchResult {
  /** From `up`'s answer on a new container to the workbench on screen. */
  afterUpMs: Stats;
  /** Of which remoteServer.start (install, start, forward). */
  serverStartMs: Stats;
  /** The server already running: remoteServer.start and the page again. */
  reopenMs: Stats;
}

export async function remoteWindowBench(client: HelperClient): Promise<RemoteWindowBenchResult> {
  const folder = mkdtempSync(join(tmpdir(), 'berth-bench-remote-'));
  mkdirSync(join(folder, '.devcontainer'));
  writeFileSync(join(folder, '.devcontainer', 'devcontainer.json'), JSON.stringify({ image: 'berth-base:bookworm' }));
  const browser = await launchChromium();
  const samples = { afterUp: [] as number[], serverStart: [] as number[], reopen: [] as number[] };
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const up = await client.request('up', { workspaceFolder: folder, removeExistingContainer: true, remoteServerVolume: true });
      if (!up.ok) throw new Error(`up: ${up.error.message}`);
      const started = performance.now();
      const { serverMs } = await openWindow(client, browser, folder);
      samples.afterUp.push(performance.now() - started);
      samples.serverStart.push(serverMs);
      const again = performance.now();
      await openWindow(client, browser, folder);
      samples.reopen.push(performance.now() - again);
    }
  } finally {
    await browser.close();
    await client.request('remoteServer.stop', { workspaceFolder: folder });
    removeContainers(folder);
  }
  return { afterUpMs: stats(samples.afterUp), serverStartMs: stats(samples.serverStart), reopenMs: stats(samples.reopen) };
}

/** remoteServer.start, then a page on it until the workbench shows. */
async function openWindow(client: HelperClient, browser: Browser, folder: string): Promise<{ serverMs: number }> {
  const started = performance.now();
  const server = await client.request('remoteServer.start', { workspaceFolder: folder, serverRoot: SERVER_ROOT });
  if (!server.ok) throw new Error(`remoteServer.start: ${server.error.message}`);
  const serverMs = performance.now() - started;
  const page = await browser.newPage();
  try {
    await page.goto(remoteWindowUrl(server.value.localPort, server.value.remoteWorkspaceFolder, server.value.token));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  } finally {
    await page.close();
  }
  return { serverMs };
}
