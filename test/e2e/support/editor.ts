// One editor session for a test file: a fresh copy of a sample folder opened in
// code-server, driven by Debian's chromium, with screenshots of every step under
// test-results/ and everything it made removed at the end.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO, removeContainersOf, removeVolumesOf, stopHelper } from '../../support/cli';
import { launchChromium } from './chromium';
import { startCodeServer, type CodeServer } from './codeServer';
import { dismissDialogs, notificationMessages } from './workbench';

export const RESULTS = join(REPO, 'test-results', 'e2e');

export interface Editor {
  page: Page;
  /** The opened folder (a copy of the sample), as the identity label carries it. */
  folder: string;
  server: CodeServer;
  /** Runs one user-visible step; saves a screenshot after it, or on failure with diagnostics. */
  step<T>(name: string, body: (page: Page) => Promise<T>): Promise<T>;
  /** The Berth activation error from the extension host log, if any. */
  activationError(): string | undefined;
  close(): Promise<void>;
}

/** `extraEnv` is the environment VS Code is started in on top of ours, such as a DOCKER_HOST; `moreVsix` other extensions to install. */
export async function openEditor(vsix: string, sample: string, extraEnv: NodeJS.ProcessEnv = {}, moreVsix: string[] = []): Promise<Editor> {
  const root = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  const folder = join(root, basename(sample));
  cpSync(sample, folder, { recursive: true });
  // The helper the extension starts is private to this run and its state stays in `root`.
  const env = { ...process.env, ...extraEnv, BERTH_HELPER_DIR: join(root, 'helper'), XDG_STATE_HOME: join(root, 'state'), BERTH_HELPER_IDLE_MS: '60000' };
  // Run last to first: the browser, code-server, the helper, the containers, their volumes, the folder.
  const cleanups: Array<() => unknown> = [() => rmSync(root, { recursive: true, force: true }), () => removeVolumesOf(folder), () => removeContainersOf(folder), () => stopHelper(env)];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch((err) => console.error(`e2e cleanup: ${(err as Error).message}`));
  };
  try {
    const server = await startCodeServer(root, vsix, env, moreVsix);
    cleanups.push(() => server.stop());
    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    // The clipboard permissions let a test read what Copy put there, as a user would paste it.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    mkdirSync(RESULTS, { recursive: true });
    let shot = 0;
    const screenshot = async (name: string) => {
      await page.screenshot({ path: join(RESULTS, `${basename(sample)}-${String(++shot).padStart(2, '0')}-${name}.png`) }).catch(() => undefined);
    };
    const activationError = () => server.extensionHostLog().match(/Activating extension berth\.berth failed[^\n]*\n(?:.*\n){0,3}/)?.[0];
    return {
      page,
      folder,
      server,
      activationError,
      close,
      step: async (name, body) => {
        try {
          // Reopen in Container opens the container's window in a second tab. The host window
          // is the one under test here: a background tab gets no animation frames, so its
          // terminals would never draw their text.
          await page.bringToFront();
          // A hover the last step left under the pointer (a tooltip) would take the next click.
          await page.mouse.move(1, 1);
          const value = await body(page);
          await screenshot(name);
          return value;
        } catch (err) {
          await screenshot(`${name}-FAILED`);
          const notes = [activationError(), ...(await dismissDialogs(page)).map((m) => `dialog: ${m}`), ...(await notificationMessages(page).catch(() => [])).map((m) => `notification: ${m}`)].filter(Boolean);
          if (notes.length && err instanceof Error) err.message += `\n${notes.join('\n')}`;
          throw err;
        }
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
