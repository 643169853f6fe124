// The container's window (code-server route): how long after `up` answers its workbench is
// served, with the server's build cached (in the volume dev containers share). Each round is a new
// container (`up --remove-existing-container`, as Rebuild does, not counted), then what Reopen in
// Container does next: remoteServer.start (find the server, start it, forward it) and a browser
// page on the forward, until the server answers it, and until the workbench is drawn. A second figure: the
// server already running (a reload).
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
  /** From `up`'s answer on a new container to the workbench page answered by the server, through the forward. */
  servedAfterUpMs: Stats;
  /** Of which remoteServer.start (find or copy the server, start it, forward it). */
  serverStartMs: Stats;
  /** To the workbench drawn in chromium: loading and running its scripts is the browser's work, as for any code-server window. */
  shownAfterUpMs: Stats;
  /** The server already running (a reload): remoteServer.start and the page answered. */
  reopenServedMs: Stats;
}

export async function remoteWindowBench(client: HelperClient): Promise<RemoteWindowBenchResult> {
  const folder = mkdtempSync(join(tmpdir(), 'berth-bench-remote-'));
  mkdirSync(join(folder, '.devcontainer'));
  writeFileSync(join(folder, '.devcontainer', 'devcontainer.json'), JSON.stringify({ image: 'berth-base:bookworm' }));
  const browser = await launchChromium();
  const samples = { served: [] as number[], server: [] as number[], shown: [] as number[], reopen: [] as number[] };
  try {
    // Round 0 is not counted: it puts the server's build in the volume the dev containers share ("cached").
    for (let i = 0; i <= ROUNDS; i++) {
      const up = await client.request('up', { workspaceFolder: folder, removeExistingContainer: true, remoteServerVolume: true });
      if (!up.ok) throw new Error(`up: ${up.error.message}`);
      const fresh = await openWindow(client, browser, folder);
      const reopened = await openWindow(client, browser, folder);
      if (i === 0) continue;
      samples.served.push(fresh.servedMs);
      samples.server.push(fresh.serverMs);
      samples.shown.push(fresh.shownMs);
      samples.reopen.push(reopened.servedMs);
    }
  } finally {
    await browser.close();
    await client.request('remoteServer.stop', { workspaceFolder: folder });
    removeContainers(folder);
  }
  return { servedAfterUpMs: stats(samples.served), serverStartMs: stats(samples.server), shownAfterUpMs: stats(samples.shown), reopenServedMs: stats(samples.reopen) };
}

/** remoteServer.start, then a page on it: times from the start to the server's answer, the page's answer, and the workbench drawn. */
async function openWindow(client: HelperClient, browser: Browser, folder: string): Promise<{ serverMs: number; servedMs: number; shownMs: number }> {
  const started = performance.now();
  const server = await client.request('remoteServer.start', { workspaceFolder: folder, serverRoot: SERVER_ROOT });
  if (!server.ok) throw new Error(`remoteServer.start: ${server.error.message}`);
  const serverMs = performance.now() - started;
  const page = await browser.newPage();
  try {
    await page.goto(remoteWindowUrl(server.value.localPort, server.value.remoteWorkspaceFolder, server.value.token), { waitUntil: 'commit' });
    const servedMs = performance.now() - started;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return { serverMs, servedMs, shownMs: performance.now() - started };
  } finally {
    await page.close();
  }
}
