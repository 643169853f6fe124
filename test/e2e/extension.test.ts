// Berth in a real VS Code (code-server 4.96.4 in Debian's chromium), as a user drives it:
// open a folder, accept Reopen in Container, use the container terminal, the trees, the
// Ports panel and the log viewer, then reopen locally. Screenshots: test-results/e2e/.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import manifest from '../../package.json';
import { containersOf, docker, dockerQuietly, removeVolumesOf } from '../support/cli';
import { waitFor } from '../support/ports';
import { openEditor, type Editor } from './support/editor';
import { packageExtension } from './support/packageExtension';
import { answerFileDialog, clickNotificationButton, contextMenu, notification, notificationMessages, paletteHas, panelTitleAction, runCommand, showViewContainer, tabOpenedBy, terminalText, treeItem, typeInTerminal, waitForPrompt, webview } from './support/workbench';

const SAMPLE = join(__dirname, 'fixtures/sample');
const VOLUME = 'berth-e2e-volume';
// A running container that is not a dev container, for Attach to Running Container.
const PLAIN_CONTAINER = 'berth-e2e-attach-target';
const REOPEN_OFFER = /Dev Container configuration/;
// Before attaching; the attached-only commands are checked where the window is attached.
const PALETTE_COMMANDS = ['berth.reopenInContainer', 'berth.rebuildContainer', 'berth.rebuildContainerNoCache', 'berth.openFolderInContainer', 'berth.attachToContainer', 'berth.showContainerLog', 'berth.openConfiguration', 'berth.addConfiguration'];
const ATTACHED_COMMANDS = ['berth.reopenLocally', 'berth.openTerminal'];

/** Answers the input box a command opened (a port number, a name). */
async function answerInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await input.press('Enter');
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Runs a line in the active terminal and waits until a line of its output matches. */
async function shellShows(page: Page, line: string, expected: RegExp): Promise<string> {
  await typeInTerminal(page, line);
  return waitFor(`"${expected.source}" in the terminal`, async () => {
    const t = await terminalText(page);
    return expected.test(t) ? t : undefined;
  }, 30_000);
}

/** Which of these commands the palette offers now, by title. */
async function palette(page: Page, ids: string[]): Promise<{ present: string[]; missing: string[] }> {
  const result = { present: [] as string[], missing: [] as string[] };
  for (const id of ids) ((await paletteHas(page, titleOf(id))) ? result.present : result.missing).push(titleOf(id));
  return result;
}

/** The palette title of a contributed command: "<category>: <title>". */
function titleOf(id: string): string {
  const command = (manifest.contributes.commands as Array<{ command: string; title: string; category?: string }>).find((c) => c.command === id);
  assert.ok(command, `package.json contributes ${id}`);
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

describe('Berth in code-server', { timeout: 900_000 }, () => {
  let editor: Editor;
  let containerId = '';
  const containerOf = () => docker('ps', '-q', '--filter', `label=devcontainer.local_folder=${editor.folder}`) || undefined;
  const containerName = () => docker('inspect', '-f', '{{.Name}}', containerId).replace(/^\//, '');
  const hostnameOf = (id: string) => docker('inspect', '-f', '{{.Config.Hostname}}', id);
  const attachedTo = (name: string) => page().locator('.statusbar-item', { hasText: `Berth: ${name}` }).first();
  const page = () => editor.page;
  // The second folder Open Folder in Container opens, beside the first.
  const otherFolder = () => join(dirname(editor.folder), 'other');
  /** Rebuilds with the given command: a new container replaces the old and the window follows it. */
  const rebuild = async (command: string) => {
    const old = containerId;
    await runCommand(page(), titleOf(command));
    containerId = await waitFor('the rebuilt container', async () => {
      const id = containerOf();
      return id && !old.startsWith(id) ? id : undefined;
    }, 120_000);
    await waitFor('the old container to go', async () => (docker('ps', '-aq', '--filter', `id=${old}`) ? undefined : true), 30_000);
    // Done when its progress notification is: the new container's terminal opens last.
    await notification(page(), /Rebuilding the dev container/).waitFor({ state: 'detached', timeout: 60_000 });
    await attachedTo('e2e sample').waitFor({ timeout: 60_000 });
    // The new container serves the forward the window shows.
    await runCommand(page(), 'Berth: Focus on Ports View');
    const ports = await webview(page(), 'tr[data-port="8080"] .address');
    await waitFor('the forward to answer', async () => {
      const address = (await ports.locator('tr[data-port="8080"] .address').innerText()).trim();
      return (await fetch(`http://${address}/index.html`).then((r) => r.status === 200, () => false)) ? true : undefined;
    }, 30_000);
  };

  before(async () => {
    // A run that was killed leaves its named container behind.
    dockerQuietly('rm', '-f', PLAIN_CONTAINER);
    docker('run', '-d', '--name', PLAIN_CONTAINER, 'berth-base:bookworm', 'sleep', 'infinity');
    editor = await openEditor(packageExtension(), SAMPLE);
  });

  after(async () => {
    const others = editor ? containersOf(otherFolder()) : [];
    await editor?.close();
    docker('rm', '-f', PLAIN_CONTAINER, ...others);
    if (editor) removeVolumesOf(otherFolder());
    if (docker('volume', 'ls', '-q', '--filter', `name=^${VOLUME}$`)) docker('volume', 'rm', '-f', VOLUME);
  });

  test('the packaged extension is installed and its commands are in the palette', () =>
    editor.step('palette', async (page) => {
      await waitFor('the Berth commands', async () => ((await paletteHas(page, titleOf('berth.reopenInContainer'))) ? true : undefined), 60_000);
      assert.deepEqual((await palette(page, PALETTE_COMMANDS)).missing, [], 'every Berth command is in the palette');
      assert.deepEqual((await palette(page, ATTACHED_COMMANDS)).present, [], 'commands for an attached window wait for one');
      assert.equal(editor.activationError(), undefined);
    }));

  test('opening a folder with a configuration offers Reopen in Container', () =>
    editor.step('reopen-offered', async (page) => {
      await notification(page, REOPEN_OFFER).waitFor({ timeout: 60_000 });
    }));

  test('accepting the offer brings the dev container up and attaches the window', () =>
    editor.step('attached', async (page) => {
      // Without the offer (reported by the test above) the command does the same.
      if (await notification(page, REOPEN_OFFER).count()) await clickNotificationButton(page, REOPEN_OFFER, 'Reopen in Container');
      else await runCommand(page, titleOf('berth.reopenInContainer'));
      containerId = await waitFor('the dev container', async () => containerOf(), 120_000);
      const name = containerName();
      const status = page.locator('.statusbar-item', { hasText: 'Berth: ' }).first();
      await status.waitFor({ timeout: 60_000 });
      assert.match(await status.innerText(), new RegExp(`Berth: (e2e sample|${name})`));
      assert.deepEqual((await palette(page, ATTACHED_COMMANDS)).missing, [], 'the attached window offers its commands');
    }));

  test('a new container terminal is a shell in the container, in the workspace folder', () =>
    editor.step('terminal', async (page) => {
      assert.ok(containerId, 'the container is up');
      await runCommand(page, titleOf('berth.openTerminal'));
      await waitForPrompt(page);
      await typeInTerminal(page, 'echo berth-$((6*7)); whoami; pwd');
      const text = await waitFor('the output', async () => {
        const t = await terminalText(page);
        return /^berth-42\s*$/m.test(t) && /^\/workspaces\/sample\s*$/m.test(t) ? t : undefined;
      }, 30_000);
      assert.match(text, /^root\s*$/m);
    }));

  test("the Berth Container Shell profile in the terminal's profile list opens a shell in the container", () =>
    editor.step('terminal-profile', async (page) => {
      const tabs = page.locator('.terminal-tabs-entry');
      const before = await tabs.count();
      await runCommand(page, 'Create New Terminal (With Profile)');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Berth Container Shell' }).first().click();
      await waitFor('the new terminal', async () => ((await tabs.count()) > before ? true : undefined), 30_000);
      // The new terminal comes to the front by itself: a fresh prompt, not the earlier terminal's output.
      await waitForPrompt(page);
      const text = await shellShows(page, 'echo profile-in-$(cat /etc/hostname)', new RegExp(`profile-in-${hostnameOf(containerId)}`));
      assert.doesNotMatch(text, /berth-42/, 'the profile opened a terminal of its own');
    }));

  test('the Berth trees show the container, its image and its volume', () =>
    editor.step('trees', async (page) => {
      assert.ok(containerId, 'the container is up');
      await showViewContainer(page, 'Berth');
      // Dev containers are grouped under their workspace folder.
      await (await treeItem(page, 'Containers', editor.folder)).waitFor({ timeout: 30_000 });
      await (await treeItem(page, 'Containers', containerName())).waitFor({ timeout: 30_000 });
      await (await treeItem(page, 'Images', 'berth-base')).waitFor({ timeout: 30_000 });
      await (await treeItem(page, 'Volumes', VOLUME)).waitFor({ timeout: 30_000 });
    }));

  test('the forwarded port shows in the Ports panel and answers on 127.0.0.1', () =>
    editor.step('ports', async (page) => {
      assert.ok(containerId, 'the container is up');
      await runCommand(page, 'Berth: Focus on Ports View');
      const ports = await webview(page, 'tr[data-port="8080"]');
      const row = ports.locator('tr[data-port="8080"]');
      assert.match(await row.innerText(), /Sample site/);
      const address = (await row.locator('.address').innerText()).trim();
      assert.match(address, /^127\.0\.0\.1:\d+$/);
      const res = await fetch(`http://${address}/index.html`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), '<h1>served from the e2e container</h1>\n');
    }));

  test('the Ports panel changes the local port, stops a forward and adds one back', () =>
    editor.step('ports-actions', async (page) => {
      assert.ok(containerId, 'the container is up');
      await runCommand(page, 'Berth: Focus on Ports View');
      let ports = await webview(page, 'tr[data-port="8080"]');
      const local = await freePort();
      await ports.locator('tr[data-port="8080"] vscode-button', { hasText: 'Change Port' }).click();
      await answerInput(page, String(local));
      ports = await webview(page, 'tr[data-port="8080"]');
      await waitFor('the new local port', async () => ((await ports.locator('tr[data-port="8080"] .address').innerText()).trim() === `127.0.0.1:${local}` ? true : undefined), 15_000);
      assert.equal((await fetch(`http://127.0.0.1:${local}/index.html`)).status, 200);

      await ports.locator('tr[data-port="8080"] vscode-button', { hasText: 'Stop' }).click();
      await waitFor('the row to go', async () => ((await ports.locator('tr[data-port="8080"]').count()) ? undefined : true), 15_000);
      // It stays stopped although the server keeps listening (detection runs every 250 ms).
      await page.waitForTimeout(1500);
      assert.equal(await ports.locator('tr[data-port="8080"]').count(), 0);
      await assert.rejects(fetch(`http://127.0.0.1:${local}/index.html`));

      await ports.locator('vscode-button', { hasText: 'Add Port' }).click();
      await answerInput(page, '8080');
      const row = ports.locator('tr[data-port="8080"]');
      await row.waitFor({ timeout: 15_000 });
      assert.match(await row.innerText(), /user/);
      const address = (await row.locator('.address').innerText()).trim();
      assert.equal((await fetch(`http://${address}/index.html`)).status, 200);
    }));

  test('the Ports panel opens a forward in the browser and copies its address', () =>
    editor.step('ports-open-copy', async (page) => {
      await runCommand(page, 'Berth: Focus on Ports View');
      const ports = await webview(page, 'tr[data-port="8080"] .address');
      const row = ports.locator('tr[data-port="8080"]');
      const address = (await row.locator('.address').innerText()).trim();
      const tab = await tabOpenedBy(page, () => row.locator('a', { hasText: /^Open$/ }).click(), address.split(':')[1]);
      // The page the user sees is the container's.
      await tab.locator('h1', { hasText: 'served from the e2e container' }).waitFor({ timeout: 15_000 });
      await tab.close();
      // The view's frame is found again: VS Code may have replaced it while the tab had focus.
      const again = await webview(page, 'tr[data-port="8080"] .address');
      await again.locator('tr[data-port="8080"] vscode-button', { hasText: 'Copy' }).click();
      await waitFor('the address on the clipboard', async () => ((await page.evaluate(() => navigator.clipboard.readText())) === address ? true : undefined), 10_000);
    }));

  test("Add Port in the panel's title forwards another port", () =>
    editor.step('ports-title-add', async (page) => {
      await runCommand(page, 'Berth: Focus on Ports View');
      await panelTitleAction(page, 'Add Port');
      await answerInput(page, '8081');
      const ports = await webview(page, 'tr[data-port="8081"]');
      const row = ports.locator('tr[data-port="8081"]');
      assert.match(await row.innerText(), /user/);
      await row.locator('vscode-button', { hasText: 'Stop' }).click();
      await waitFor('the row to go', async () => ((await row.count()) ? undefined : true), 15_000);
    }));

  test("the container's log opens in the log viewer and can be searched", () =>
    editor.step('log-search', async (page) => {
      assert.ok(containerId, 'the container is up');
      await runCommand(page, titleOf('berth.showContainerLog'));
      await page.locator('.tab', { hasText: new RegExp(`Log: (e2e sample|${containerName()})`) }).first().waitFor({ timeout: 30_000 });
      const log = await webview(page, '#search');
      await log.locator('.row', { hasText: 'Container started' }).first().waitFor({ timeout: 30_000 });
      await log.locator('#search input').fill('container started');
      await waitFor('the match count', async () => ((await log.locator('#count').innerText()).trim() === '1 match' ? true : undefined), 10_000);
    }));

  test('the log viewer filters to matching lines, shows timestamps and wraps', () =>
    editor.step('log-options', async (page) => {
      const log = await webview(page, '#search');
      const rows = log.locator('#rows .row');
      await log.locator('#search input').fill('started');
      await log.locator('#filter').click();
      await waitFor('only matching lines', async () => {
        const texts = await rows.allInnerTexts();
        return texts.length > 0 && texts.every((t) => /started/i.test(t)) ? true : undefined;
      }, 10_000);
      await log.locator('#search input').fill('no-such-line-anywhere');
      await waitFor('no lines at all', async () => ((await rows.count()) === 0 ? true : undefined), 10_000);
      await log.locator('#filter').click();
      await log.locator('#search input').fill('');
      await log.locator('#timestamps').click();
      await log.locator('.row .time').first().waitFor({ timeout: 10_000 });
      assert.match(await log.locator('.row .time').first().innerText(), /^\d{4}-\d\d-\d\dT/);
      await log.locator('#wrap').click();
      await log.locator('#rows.wrap').waitFor({ timeout: 10_000 });
    }));

  test('Open Dev Container Configuration opens the devcontainer.json', () =>
    editor.step('open-configuration', async (page) => {
      await runCommand(page, titleOf('berth.openConfiguration'));
      await page.locator('.tab', { hasText: 'devcontainer.json' }).first().waitFor({ timeout: 15_000 });
    }));

  test('Add Dev Container Configuration Files refuses to overwrite the existing one', () =>
    editor.step('add-configuration', async (page) => {
      const before = readFileSync(join(editor.folder, '.devcontainer/devcontainer.json'), 'utf8');
      await runCommand(page, titleOf('berth.addConfiguration'));
      const first = page.locator('.quick-input-list .monaco-list-row').first();
      await first.waitFor({ timeout: 15_000 });
      await first.click();
      await notification(page, /already exists/).waitFor({ timeout: 15_000 });
      assert.equal(readFileSync(join(editor.folder, '.devcontainer/devcontainer.json'), 'utf8'), before);
    }));

  test('the Containers tree inspects the container as JSON', () =>
    editor.step('container-inspect', async (page) => {
      await showViewContainer(page, 'Berth');
      await contextMenu(page, await treeItem(page, 'Containers', containerName()), 'Inspect');
      await page.locator('.monaco-editor .view-lines', { hasText: containerId.slice(0, 12) }).first().waitFor({ timeout: 15_000 });
    }));

  test('the Containers tree restarts the container, and the open log follows it across the restart', () =>
    editor.step('container-restart', async (page) => {
      assert.ok(containerId, 'the container is up');
      const startedAt = () => JSON.parse(docker('inspect', containerId))[0].State.StartedAt as string;
      const before = startedAt();
      await showViewContainer(page, 'Berth');
      await contextMenu(page, await treeItem(page, 'Containers', containerName()), 'Restart');
      await waitFor('the restart', async () => (startedAt() !== before && JSON.parse(docker('inspect', containerId))[0].State.Running ? true : undefined), 30_000);
      // The log viewer opened before keeps following: a marked gap, then the new start.
      await page.locator('.tab', { hasText: /^Log: / }).first().click();
      const log = await webview(page, '#search');
      await log.locator('.row.system', { hasText: /container (stopped|restarted)/ }).first().waitFor({ timeout: 30_000 });
      await log.locator('#search input').fill('container started');
      await waitFor('the second start in the log', async () => ((await log.locator('#count').innerText()).trim() === '2 matches' ? true : undefined), 30_000);
    }));

  test("the container's terminals reconnect after the restart, with no exit code 137", () =>
    editor.step('terminal-reconnect', async (page) => {
      await runCommand(page, 'Terminal: Focus Terminal');
      await waitFor('the reconnected shell', async () => (/reconnects when it runs again[\s\S]*[#$]\s*$/.test((await terminalText(page)).trimEnd()) ? true : undefined), 30_000);
      await waitForPrompt(page);
      // (Not anchored: a prompt redrawn as the new shell learns its size may share the output's line.)
      await shellShows(page, 'echo back-$((6*7))', /back-42/);
      assert.deepEqual((await notificationMessages(page)).filter((m) => /exit code/.test(m)), []);
    }));

  test('the log viewer steps through the matches, which stops following', () =>
    editor.step('log-navigation', async (page) => {
      const log = await webview(page, '#search');
      // A fresh search: it lands 120 ms after typing, and resets the current match.
      await log.locator('#search input').fill('');
      await waitFor('the search to clear', async () => ((await log.locator('#count').innerText()).trim() === '' ? true : undefined), 10_000);
      await log.locator('#search input').fill('container started');
      await waitFor('two matches', async () => ((await log.locator('#count').innerText()).trim() === '2 matches' ? true : undefined), 10_000);
      const current = log.locator('.row.current');
      await log.locator('#next').click();
      await current.waitFor({ timeout: 10_000 });
      const first = await current.locator('.time').innerText();
      assert.equal(await log.locator('#follow').evaluate((e) => (e as HTMLInputElement).checked), false, 'stepping to a match stops following');
      await log.locator('#next').click();
      await waitFor('the second match', async () => ((await current.locator('.time').innerText()) !== first ? true : undefined), 10_000);
      await log.locator('#prev').click();
      await waitFor('back to the first', async () => ((await current.locator('.time').innerText()) === first ? true : undefined), 10_000);
      // Enter at once after typing goes to the first match of what was just typed.
      await log.locator('#search input').fill('');
      await waitFor('the search to clear', async () => ((await log.locator('#count').innerText()).trim() === '' ? true : undefined), 10_000);
      await log.locator('#search input').fill('container started');
      await log.locator('#search input').press('Enter');
      await current.waitFor({ timeout: 10_000 });
      assert.equal(await current.locator('.time').innerText(), first, 'the first match of the new search');
      await log.locator('#follow').click();
      assert.equal(await log.locator('#follow').evaluate((e) => (e as HTMLInputElement).checked), true);
    }));

  test('the log viewer exports the log to a file', () =>
    editor.step('log-export', async (page) => {
      const log = await webview(page, '#search');
      const target = join(editor.folder, 'exported.log');
      await log.locator('#export').click();
      await answerFileDialog(page, target);
      await notification(page, /exported \d+ lines/).waitFor({ timeout: 15_000 });
      assert.equal(readFileSync(target, 'utf8').match(/Container started/g)?.length, 2);
    }));

  test("the Logs tree opens the log of Berth's own up, with its hooks' output", () =>
    editor.step('logs-tree-operation', async (page) => {
      await showViewContainer(page, 'Berth');
      await (await treeItem(page, 'Logs', /^up /)).click();
      // A read-only document: each phase with its cost, and the hooks' output.
      const text = page.locator('.monaco-editor .view-lines').filter({ hasText: 'created-by-berth-e2e' }).first();
      await text.waitFor({ timeout: 15_000 });
      assert.match(await text.innerText(), /postCreateCommand\sdone\s\(\d+\sms\)/);
    }));

  test('a task runs in the container', () =>
    editor.step('task', async (page) => {
      await runCommand(page, 'Tasks: Run Task');
      // The workspace's shell tasks are offered again by Berth's task provider, to run in the container.
      await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.getByText('berth', { exact: true }) }).first().click();
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'where am I (in container)' }).first().click();
      const hostname = hostnameOf(containerId);
      await waitFor('the task output', async () => (new RegExp(`task-ran-in-${hostname}`).test(await terminalText(page)) ? true : undefined), 60_000);
    }));

  test('the status bar item offers the quick actions', () =>
    editor.step('quick-actions', async (page) => {
      await runCommand(page, 'View: Close All Editors');
      await attachedTo('e2e sample').click();
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Dev Container Configuration' }).first().click();
      await page.locator('.tab', { hasText: 'devcontainer.json' }).first().waitFor({ timeout: 15_000 });
    }));

  test('the window stays attached across a reload, and the forward answers all along', () =>
    editor.step('reload', async (page) => {
      await runCommand(page, 'Berth: Focus on Ports View');
      const ports = await webview(page, 'tr[data-port="8080"] .address');
      const address = (await ports.locator('tr[data-port="8080"] .address').innerText()).trim();
      let failures = 0;
      let requests = 0;
      let reloading = true;
      const probe = (async () => {
        while (reloading) {
          requests++;
          if (!(await fetch(`http://${address}/index.html`).then((r) => r.ok, () => false))) failures++;
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await runCommand(page, 'Developer: Reload Window');
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await attachedTo('e2e sample').waitFor({ timeout: 60_000 });
      reloading = false;
      await probe;
      assert.equal(failures, 0, `${failures} of ${requests} requests failed during the reload`);
      await runCommand(page, titleOf('berth.openTerminal'));
      await waitForPrompt(page);
      await shellShows(page, 'echo after-reload-$((6*7))', /^after-reload-42\s*$/m);
    }));

  test('Rebuild Container replaces the container and the window follows it', () => editor.step('rebuild', () => rebuild('berth.rebuildContainer')));

  test('Rebuild Container Without Cache replaces the container and the window follows it', () => editor.step('rebuild-no-cache', () => rebuild('berth.rebuildContainerNoCache')));

  test('Reopen Folder Locally detaches the window and stops the container', () =>
    editor.step('reopened-locally', async (page) => {
      assert.ok(containerId, 'the container is up');
      await runCommand(page, titleOf('berth.reopenLocally'));
      await waitFor('the container to stop', async () => (JSON.parse(docker('inspect', containerId))[0].State.Running ? undefined : true), 30_000);
      await page.locator('.statusbar-item', { hasText: 'Berth: ' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    }));

  test('Attach to Running Container attaches the window to any running container', () =>
    editor.step('attach-running', async (page) => {
      await runCommand(page, titleOf('berth.attachToContainer'));
      await page.locator('.quick-input-list .monaco-list-row', { hasText: PLAIN_CONTAINER }).first().click();
      await attachedTo(PLAIN_CONTAINER).waitFor({ timeout: 30_000 });
      await waitForPrompt(page);
      await shellShows(page, 'echo in-$(cat /etc/hostname)', new RegExp(`^in-${hostnameOf(PLAIN_CONTAINER)}\\s*$`, 'm'));
      await runCommand(page, titleOf('berth.reopenLocally'));
      await attachedTo(PLAIN_CONTAINER).waitFor({ state: 'detached', timeout: 15_000 });
      assert.ok(JSON.parse(docker('inspect', PLAIN_CONTAINER))[0].State.Running, 'a container Berth did not make keeps running');
    }));

  test('Open Folder in Container opens another folder and brings its container up', () =>
    editor.step('open-folder-in-container', async (page) => {
      cpSync(SAMPLE, otherFolder(), { recursive: true });
      await runCommand(page, titleOf('berth.openFolderInContainer'));
      await answerFileDialog(page, otherFolder());
      await waitFor("the other folder's container", async () => docker('ps', '-q', '--filter', `label=devcontainer.local_folder=${otherFolder()}`) || undefined, 120_000);
      await attachedTo('e2e sample').waitFor({ timeout: 60_000 });
      assert.ok(page.url().includes(encodeURIComponent(otherFolder())) || page.url().includes(otherFolder()), `the window shows ${page.url()}`);
    }));
});
