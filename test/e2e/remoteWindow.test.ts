// The code-server route of Reopen in Container: a VS Code server in the container, opened
// in a second tab through code-server's port proxy. Its explorer shows the container's files
// and its terminal runs in the container. Screenshots: test-results/e2e/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { docker, dockerQuietly } from '../support/cli';
import { waitFor } from '../support/ports';
import { openEditor, RESULTS, type Editor } from './support/editor';
import { packageExtension, packageFolder } from './support/packageExtension';
import { answerDialog, clickNotificationButton, notification, runCommand, terminalText, typeInTerminal, waitForPrompt } from './support/workbench';

// The workspace lives in a named volume, so a file made in the container exists nowhere on the host.
const VOLUME = `berth-e2e-remote-${process.pid}`;
const ONLY_IN_CONTAINER = 'made-in-the-container.txt';
// A web server in the container, and what it serves.
const WEB_PORT = 8765;
const WEB_PAGE = 'served-from-the-container';
// A test extension installed on the host only: it writes the hostname its code runs on.
const PROBE = 'berth-test.hostname-probe';
const PROBE_FOLDER = join(__dirname, 'fixtures/hostname-probe');
// This machine may be shared and loaded: every wait is on what the page shows, with room to spare.
const LONG = 180_000;

function sample(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'berth-e2e-sample-')), 'remote');
  mkdirSync(join(folder, '.devcontainer'), { recursive: true });
  writeFileSync(join(folder, '.devcontainer/devcontainer.json'), JSON.stringify({
    name: 'e2e remote',
    image: 'berth-base:bookworm',
    workspaceMount: `type=volume,source=${VOLUME},target=/workspaces/remote`,
    workspaceFolder: '/workspaces/remote',
    postCreateCommand: `echo hello > /workspaces/remote/${ONLY_IN_CONTAINER}`,
    portsAttributes: { [WEB_PORT]: { label: 'e2e web', onAutoForward: 'notify' } },
    customizations: {
      vscode: {
        // Machine settings of the container's server. The DOM renderer keeps the terminal readable from the page; no
        // typeahead echo (that window is remote: on a slow round trip VS Code would draw its guesses over the prompt).
        settings: { 'terminal.integrated.gpuAcceleration': 'off', 'terminal.integrated.localEchoEnabled': 'off' },
        extensions: [PROBE],
      },
    },
  }));
  // A repository, as most workspaces are: Berth must change nothing in it.
  for (const args of [['init', '-q'], ['add', '.'], ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '-qm', 'sample']]) execFileSync('git', args, { cwd: folder });
  return folder;
}

/** What `git status` says changed in the opened folder: nothing, while attached or after. */
function changedFiles(folder: string): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: folder, encoding: 'utf8' }).trim();
}

/**
 * What "+" in the terminal panel does (the same command, Terminal: Create New Terminal): it opens
 * a new terminal, and the hostname typed into it comes back. Errors the editor shows on the way fail it.
 */
async function plusTerminalHostname(page: Page, marker: string): Promise<string> {
  // From an empty panel: "+" there is where an extension's default profile fails, and a terminal
  // closing by itself meanwhile (the container's, after Reopen Folder Locally) cannot hide the new one.
  // Every terminal of the panel has its wrapper in the page, shown or not.
  const terminals = page.locator('.terminal-wrapper');
  await runCommand(page, 'Terminal: Kill All Terminals');
  await waitFor('no terminal', async () => ((await terminals.count()) ? undefined : true), LONG);
  await runCommand(page, 'Terminal: Create New Terminal');
  await waitFor('a new terminal', async () => ((await terminals.count()) > 0 ? true : undefined), LONG);
  await page.locator('.terminal-wrapper.active .xterm-screen').first().waitFor({ timeout: LONG });
  await waitForPrompt(page, LONG);
  // Bracketed: under load the screen can draw an output line over the command's (seen here).
  await typeInTerminal(page, `echo "<${marker}:$(hostname)>"`);
  const shown = await waitFor(`<${marker}:hostname> in the terminal`, async () => new RegExp(`<${marker}:([\\w.-]+)>`).exec(await terminalText(page))?.[1], LONG);
  const errors = await page.locator('.notification-list-item').filter({ has: page.locator('.codicon-error') }).locator('.notification-list-item-message').allInnerTexts();
  assert.deepEqual(errors, [], 'no error notification');
  return shown;
}

describe('Reopen in Container in code-server opens the container in a new tab', { timeout: 900_000 }, () => {
  let editor: Editor;
  let remote: Page;
  let containerId = '';
  /** A step in the container's tab: on failure, that tab's screenshot too. */
  const remoteStep = (name: string, body: () => Promise<void>) =>
    editor.step(name, async () => {
      assert.ok(remote, 'the remote tab is open');
      await body().catch(async (err: Error) => {
        await remote.screenshot({ path: join(RESULTS, `remote-tab-${name}-FAILED.png`) }).catch(() => undefined);
        throw err;
      });
    });

  before(async () => {
    const out = mkdtempSync(join(tmpdir(), 'berth-vsix-'));
    editor = await openEditor(packageExtension(join(out, 'berth.vsix')), sample(), {}, [packageFolder(PROBE_FOLDER, join(out, 'probe.vsix'))]);
  });

  after(async () => {
    await editor?.close();
    dockerQuietly('volume', 'rm', '-f', VOLUME);
  });

  test('Reopen in Container opens a second tab on the container\'s workbench', () =>
    editor.step('remote-tab', async (page) => {
      const opened = page.context().waitForEvent('page', { timeout: 2 * LONG });
      // The offer shows once the extension is active: accepting it is what a user does.
      await clickNotificationButton(page, /Dev Container configuration/, 'Reopen in Container', LONG);
      remote = await opened;
      const problems: string[] = [];
      remote.on('console', (m) => m.type() === 'error' && problems.push(m.text().slice(0, 300)));
      remote.on('requestfailed', (r) => problems.push(`${r.url().slice(0, 200)}: ${r.failure()?.errorText}`));
      containerId = docker('ps', '-q', '--filter', `label=devcontainer.local_folder=${editor.folder}`);
      assert.ok(containerId, 'the dev container runs');
      // The editor asked `up` for the server's data volume: a rebuild keeps the server's extensions.
      assert.match(docker('inspect', '-f', '{{range .Mounts}}{{println .Name .Destination}}{{end}}', containerId), /^berth-vscode-server-\w+ \/var\/lib\/berth\/vscode-server$/m);
      await remote.locator('.monaco-workbench').waitFor({ timeout: LONG }).catch(async (err: Error) => {
        const shows = (await remote.locator('body').innerText().catch(() => '')).slice(0, 300);
        throw new Error(`${err.message}\nthe tab is at ${remote.url()} and shows: ${shows}\n${problems.slice(0, 15).join('\n')}`);
      });
      assert.match(remote.url(), /\/proxy\/\d+\//, 'the tab goes through code-server\'s proxy');
      // The original tab offers the way back.
      await notification(page, /is open in the container, in a new tab/).waitFor({ timeout: LONG });
      // A new window on a folder asks for trust, as any VS Code does; the user trusts their own.
      await remote.locator('.monaco-dialog-box').waitFor({ timeout: LONG });
      await answerDialog(remote, 'Yes, I trust the authors');
      await remote.screenshot({ path: join(RESULTS, 'remote-01-workbench.png') });
      assert.equal(changedFiles(editor.folder), '', 'attaching wrote nothing into the repository');
    }));

  test('its explorer lists a file that exists only in the container', () =>
    remoteStep('remote-explorer', async () => {
      await remote.locator('.explorer-folders-view .monaco-list-row', { hasText: ONLY_IN_CONTAINER }).waitFor({ timeout: LONG });
      await remote.screenshot({ path: join(RESULTS, 'remote-02-explorer.png') });
    }));

  test('its terminal runs in the container', () =>
    remoteStep('remote-terminal', async () => {
      await remote.bringToFront();
      await remote.locator('.explorer-folders-view').click();
      await runCommand(remote, 'Terminal: Create New Terminal');
      await remote.locator('.terminal-wrapper.active .xterm-screen').first().waitFor({ timeout: LONG });
      const hostname = docker('inspect', '-f', '{{.Config.Hostname}}', containerId);
      await waitForPrompt(remote, LONG);
      await typeInTerminal(remote, 'echo "host=$(hostname)"');
      await waitFor(`host=${hostname} in the terminal`, async () => ((await terminalText(remote)).includes(`host=${hostname}`) ? true : undefined), LONG);
      await remote.screenshot({ path: join(RESULTS, 'remote-03-terminal.png') });
    }));

  test('its own PORTS view lists the container\'s web server as the config labels it, and Open in Browser reaches it', () =>
    remoteStep('remote-ports', async () => {
      await remote.bringToFront();
      // Started from the tab's terminal, as a user starts a dev server (the editor announces only ports that start
      // listening while its window is open).
      await typeInTerminal(remote, `mkdir -p /tmp/www && echo ${WEB_PAGE} > /tmp/www/index.html && busybox httpd -p ${WEB_PORT} -h /tmp/www`);
      // onAutoForward "notify": the editor's own notification, whose button opens the page through code-server's proxy.
      const opened = remote.context().waitForEvent('page', { timeout: LONG });
      await clickNotificationButton(remote, new RegExp(`port ${WEB_PORT} is available`), 'Open in Browser', LONG);
      const page = await opened;
      await page.waitForLoadState();
      // code-server's own proxy (not a path under the container's server), which reaches Berth's forward of the port.
      assert.equal(new URL(page.url()).pathname, `/proxy/${WEB_PORT}/`, 'the page goes through code-server\'s proxy');
      await waitFor('the container\'s page', async () => ((await page.locator('body').innerText().catch(() => '')).includes(WEB_PAGE) ? true : await page.reload().then(() => undefined)), 60_000);
      await page.close();
      await runCommand(remote, 'Ports: Focus on Ports View');
      await remote.locator('.monaco-list-row', { hasText: 'e2e web' }).filter({ hasText: String(WEB_PORT) }).first().waitFor({ timeout: LONG });
      await remote.screenshot({ path: join(RESULTS, 'remote-04-ports.png') });
    }));

  test('the listed extension, installed on the host only, runs inside the container', () =>
    remoteStep('remote-extension', async () => {
      const hostname = docker('inspect', '-f', '{{.Config.Hostname}}', containerId);
      const wrote = () => docker('exec', containerId, 'sh', '-c', 'cat /tmp/berth-hostname-probe 2>/dev/null || true');
      await waitFor(`the probe extension to write ${hostname} in the container`, async () => (wrote() === hostname ? true : undefined), LONG);
      assert.match(docker('exec', containerId, 'ls', '/var/lib/berth/vscode-server/extensions'), new RegExp(`^${PROBE}-`, 'm'), 'the extension is in the server\'s volume');
    }));

  test('the original tab stays attached: "+" opens a shell in the container, also with no terminal open', () =>
    editor.step('attached-plus-terminal', async (page) => {
      const inContainer = docker('inspect', '-f', '{{.Config.Hostname}}', containerId);
      assert.equal(await plusTerminalHostname(page, 'plus-attached'), inContainer, 'the new terminal runs in the container');
    }));

  test('Reopen Folder Locally leaves the repository as it was', () =>
    editor.step('reopened-locally', async (page) => {
      await page.bringToFront();
      // (The offer may have moved from its toast into the notification center while the other tab was in front.)
      await clickNotificationButton(page, /is open in the container, in a new tab/, 'Reopen Folder Locally', 30_000);
      await page.locator('.statusbar-item', { hasText: 'Berth: e2e remote' }).waitFor({ state: 'detached', timeout: LONG });
      assert.equal(changedFiles(editor.folder), '', 'detaching wrote nothing into the repository');
    }));

  test('after Reopen Folder Locally, "+" opens a shell on the host', () =>
    editor.step('local-plus-terminal', async (page) => {
      assert.equal(await plusTerminalHostname(page, 'plus-local'), hostname(), 'the new terminal runs on the host');
    }));
});
