// The editor face of Berth in code-server, as a daily user meets it: the remote indicator's
// menu, the "Dev Containers" commands, the Ports table with a long command line, Follow in
// the log viewer during a search, both webviews in each theme, config errors in the Problems
// panel with their quick fixes, the status bar after `docker stop`, and the rebuild prompt after a Dockerfile edit.
// Screenshots: test-results/e2e/face-*.png.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { builtImageName } from '../../runtime-helper/engine/imageName';
import { docker } from '../support/cli';
import { waitFor } from '../support/ports';
import { openEditor, RESULTS, type Editor } from './support/editor';
import { packageExtension } from './support/packageExtension';
import { clickNotificationButton, notification, paletteHas, runCommand, setColorTheme, showViewContainer, THEMES, treeItem, webview } from './support/workbench';

const FACE = join(__dirname, 'fixtures/face');
// A string where an array belongs (an error, with a quick fix) and an unknown property (a warning).
// Top-level VS Code properties from before "customizations" (warnings, with a quick fix).
const LEGACY_CONFIG = '// kept as written\n{\n  "image": "berth-base:bookworm",\n  "extensions": ["a.b"],\n  "settings": { "editor.tabSize": 2 }\n}\n';
const BROKEN_CONFIG = '{\n  "image": "berth-base:bookworm",\n  "runArgs": "--init",\n  "colour": "blue"\n}\n';

/** The remote indicator in the status bar's left corner, and the menu it opens. */
async function remoteMenu(page: Page): Promise<string[]> {
  await page.locator('[id="status.host"]').click();
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  await page.keyboard.press('Escape');
  return texts;
}

describe('the editor face of Berth in code-server', { timeout: 900_000 }, () => {
  let editor: Editor;
  let containerId = '';
  const page = () => editor.page;
  const containerOf = () => docker('ps', '-q', '--filter', `label=devcontainer.local_folder=${editor.folder}`) || undefined;
  const containerName = () => docker('inspect', '-f', '{{.Name}}', containerId).replace(/^\//, '');
  const status = () => page().locator('.statusbar-item', { hasText: 'Berth: editor face' }).first();

  /** A second config beside the folder's own, in .devcontainer/broken/. */
  const writeBrokenConfig = () => {
    const file = join(editor.folder, '.devcontainer/broken/devcontainer.json');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, BROKEN_CONFIG);
    return file;
  };
  /** Opens a file with Go to File, as a user would. */
  const goToFile = async (query: string, rowText: string) => {
    await runCommand(page(), 'Go to File...');
    await page().locator('.quick-input-widget .quick-input-box input').fill(query);
    await page().locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first().click();
    await page().locator('.tab.active', { hasText: 'devcontainer.json' }).first().waitFor({ timeout: 15_000 });
  };
  /** A quick fix from its spot in the editor (Ctrl+.), chosen with the keyboard: the menu's pointer guard takes the mouse while it opens. */
  const quickFix = async (lineText: string, title: string) => {
    await page().locator('.monaco-editor .view-line', { hasText: lineText }).first().click();
    await page().keyboard.press('Control+.');
    const fix = page().locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await fix.waitFor({ timeout: 15_000 });
    for (let i = 0; i < 5 && !(await fix.getAttribute('class'))?.includes('focused'); i++) await page().keyboard.press('ArrowDown');
    await page().keyboard.press('Enter');
  };
  const setTheme = (theme: keyof typeof THEMES) => setColorTheme(page(), theme);
  /** What a webview's text looks like now: its foreground color and its theme class. */
  const looks = async (frame: FrameLocator, selector: string) =>
    frame.locator(selector).first().evaluate((e) => `${document.body.className.match(/vscode-[a-z-]+/)?.[0]} ${getComputedStyle(e).color}`);

  before(async () => {
    editor = await openEditor(packageExtension(), FACE);
  });

  after(async () => {
    await editor?.close();
    // The images this folder's Dockerfile built (a tag per build): untagged, so a shared layer stays.
    const built = editor && builtImageName(editor.folder);
    const tags = docker('images', '--format', '{{.Repository}}:{{.Tag}}').split('\n').filter((t) => built && t.startsWith(`${built}:`));
    if (tags.length) docker('rmi', ...tags);
  });

  test('while local, the remote indicator offers Reopen, Attach, Open Folder and Add Configuration', () =>
    editor.step('face-remote-menu-local', async (page) => {
      const entries = await waitFor('Berth in the remote menu', async () => {
        const texts = await remoteMenu(page);
        return texts.some((t) => t.includes('Reopen in Container')) ? texts : undefined;
      }, 60_000);
      for (const title of ['Reopen in Container', 'Attach to Running Container…', 'Open Folder in Container…', 'Add Dev Container Configuration Files…']) {
        assert.ok(entries.some((t) => t.includes(title)), `the menu offers ${title}: ${entries.join(' | ')}`);
      }
      assert.ok(!entries.some((t) => t.includes('Reopen Folder Locally')), 'no attached-only entry while local');
    }));

  test('the commands are in a "Dev Containers" category too', () =>
    editor.step('face-dev-containers-category', async (page) => {
      for (const title of ['Dev Containers: Reopen in Container', 'Dev Containers: Rebuild Container', 'Dev Containers: Add Dev Container Configuration Files…']) {
        assert.ok(await paletteHas(page, title), `the palette has ${title}`);
      }
      assert.equal(await paletteHas(page, 'Dev Containers: Reopen Folder Locally'), false, 'attached-only commands wait for an attached window');
    }));

  test('Reopen in Container attaches; the status bar names the container', () =>
    editor.step('face-attached', async (page) => {
      await runCommand(page, 'Berth: Reopen in Container');
      containerId = await waitFor('the dev container', async () => containerOf(), 180_000);
      await status().waitFor({ timeout: 90_000 });
      await waitFor('the container name in the status bar', async () => ((await status().innerText()).includes(containerName()) ? true : undefined), 15_000);
    }));

  test('while attached, the remote indicator offers Rebuild, Reopen Locally, Show Log and Open Configuration', () =>
    editor.step('face-remote-menu-attached', async (page) => {
      const entries = await remoteMenu(page);
      for (const title of ['Rebuild Container', 'Reopen Folder Locally', 'Show Container Log', 'Open Dev Container Configuration']) {
        assert.ok(entries.some((t) => t.includes(title)), `the menu offers ${title}: ${entries.join(' | ')}`);
      }
      assert.ok(!entries.some((t) => t.includes('Reopen in Container')), 'no local-only entry while attached');
    }));

  test('the Ports table keeps a 300-character command line on one row, with its actions in view', () =>
    editor.step('face-ports-long-command', async (page) => {
      await setTheme('dark');
      await runCommand(page, 'Berth: Focus on Ports View');
      const ports = await webview(page, 'tr[data-port="8090"]', 60_000);
      const row = ports.locator('tr[data-port="8090"]');
      // The Process column (the fifth).
      const process = row.locator('td').nth(4);
      await waitFor('the command line', async () => ((await process.innerText()).startsWith('busybox httpd -p 8090') ? true : undefined), 30_000);
      const box = await row.boundingBox();
      assert.ok(box && box.height < 40, `one line per row: the row is ${box?.height} px tall`);
      const width = await ports.locator('body').evaluate(() => document.documentElement.clientWidth);
      for (const label of ['Copy', 'Change Port', 'Stop']) {
        const button = await row.locator('vscode-button', { hasText: label }).boundingBox();
        assert.ok(button && button.x + button.width <= (await ports.locator('table').boundingBox())!.x + width, `${label} is in view`);
      }
      const full = await process.getAttribute('title');
      assert.ok(full && full.length >= 300 && full.startsWith('busybox httpd -p 8090'), `the tooltip has the whole command line: ${full}`);
      assert.ok(await process.evaluate((e) => e.scrollWidth > e.clientWidth), 'the command line is cut off with an ellipsis');
      await page.locator('.part.panel').screenshot({ path: join(RESULTS, 'face-ports-dark.png') });
    }));

  test('Follow stays on while the user searches the log, and goes off when they scroll up', () =>
    editor.step('face-log-follow-search', async (page) => {
      await runCommand(page, 'Berth: Show Container Log');
      const log = await webview(page, '#search');
      await log.locator('.row', { hasText: 'tick' }).first().waitFor({ timeout: 30_000 });
      const follow = () => log.locator('#follow').evaluate((e) => (e as HTMLInputElement).checked);
      const atBottom = () => log.locator('#scroller').evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 18);
      const lines = async () => Number((await log.locator('#total').innerText()).split(' ')[0]);
      // A window just wide enough for the toolbar: the match count then wraps it onto a second
      // row, which shrinks the log under the newest line (where Follow used to untick itself).
      const viewport = page.viewportSize()!;
      const spare = await log.locator('.toolbar').evaluate((t) => {
        const used = [...t.children].filter((c) => c.id !== 'count').reduce((w, c) => w + c.getBoundingClientRect().width + 6, 16);
        return t.clientWidth - used;
      });
      await page.setViewportSize({ width: Math.round(viewport.width - spare + 10), height: viewport.height });
      await log.locator('#search input').fill('tick');
      await waitFor('the match count', async () => (/\d+ matches/.test(await log.locator('#count').innerText()) ? true : undefined), 10_000);
      // New lines keep arriving (one each 200 ms) while the search is on.
      const before = await lines();
      await waitFor('more lines', async () => ((await lines()) > before + 5 ? true : undefined), 15_000);
      assert.equal(await follow(), true, 'Follow is still on during the search');
      assert.equal(await atBottom(), true, 'the newest line is in view');
      await page.locator('.part.editor').screenshot({ path: join(RESULTS, 'face-log-search-dark.png') });
      await page.setViewportSize(viewport);
      await log.locator('#scroller').hover();
      await page.mouse.wheel(0, -2000);
      await waitFor('Follow off after scrolling up', async () => ((await follow()) ? undefined : true), 10_000);
      await log.locator('#search input').fill('');
      await log.locator('#follow').click();
    }));

  test('both webviews follow the theme: dark, light and high contrast', () =>
    editor.step('face-themes', async (page) => {
      const seen: Record<string, string[]> = {};
      for (const name of Object.keys(THEMES) as (keyof typeof THEMES)[]) {
        await setTheme(name);
        const log = await webview(page, '#search');
        // The body, not a line: lines are replaced as the log grows.
        await waitFor(`the log viewer in ${name}`, async () => ((await looks(log, 'body')).includes(name === 'highContrast' ? 'high-contrast' : name) ? true : undefined), 15_000);
        await page.locator('.part.editor').screenshot({ path: join(RESULTS, `face-log-${name}.png`) });
        await runCommand(page, 'Berth: Focus on Ports View');
        const ports = await webview(page, 'tr[data-port="8090"]');
        await page.locator('.part.panel').screenshot({ path: join(RESULTS, `face-ports-${name}.png`) });
        seen[name] = [await looks(log, 'body'), await looks(ports, 'td')];
      }
      // Each theme gives each webview its own text color.
      for (const i of [0, 1]) assert.equal(new Set(Object.values(seen).map((s) => s[i].replace(/^\S+ /, ''))).size, 3, JSON.stringify(seen));
      await setTheme('dark');
    }));

  test("the Containers tree shows the running container's live stats", () =>
    editor.step('face-stats', async (page) => {
      await showViewContainer(page, 'Berth');
      // Found again each time: other tests' containers come and go in the same tree.
      const rowText = async () => (await treeItem(page, 'Containers', containerName(), 5_000)).innerText({ timeout: 2_000 }).catch(() => '');
      await waitFor('CPU, memory, network and block I/O in the row', async () => (/CPU \d+\.\d% · MEM \S+ \S+ \/ \S+ \S+ · NET .+ · BLOCK /.test(await rowText()) ? true : undefined), 60_000);
    }));

  test('docker stop: the status bar says the container stopped and offers Start', () =>
    editor.step('face-docker-stop', async (page) => {
      docker('stop', '-t', '1', containerId);
      await page.locator('.statusbar-item', { hasText: /Berth: editor face.*stopped/ }).first().waitFor({ timeout: 30_000 });
      await clickNotificationButton(page, /stopped outside Berth/, 'Start', 30_000);
      await waitFor('the container to run again', async () => (JSON.parse(docker('inspect', containerId))[0].State.Running ? true : undefined), 30_000);
      await waitFor('the status bar back to attached', async () => (/stopped/.test(await status().innerText()) ? undefined : true), 15_000);
      assert.equal(await notification(page, /stopped outside Berth/).count(), 0);
    }));

  test('editing the Dockerfile offers Rebuild once, and Rebuild brings the change in', () =>
    editor.step('face-rebuild-prompt', async (page) => {
      const dockerfile = join(editor.folder, '.devcontainer/Dockerfile');
      // Saved again unchanged: no prompt.
      const now = new Date();
      utimesSync(dockerfile, now, now);
      await page.waitForTimeout(2000);
      assert.equal(await notification(page, /changed\. Rebuild/).count(), 0, 'no prompt without a change');
      appendFileSync(dockerfile, 'LABEL berth.e2e.face=rebuilt\n');
      const prompt = notification(page, /Dockerfile changed\. Rebuild/);
      await prompt.waitFor({ timeout: 30_000 });
      assert.equal(await prompt.count(), 1, 'one prompt for one change');
      const old = containerId;
      await prompt.getByRole('button', { name: 'Rebuild', exact: true }).click();
      containerId = await waitFor('the rebuilt container', async () => {
        const id = containerOf();
        return id && !old.startsWith(id) ? id : undefined;
      }, 180_000);
      assert.equal(docker('inspect', '-f', '{{index .Config.Labels "berth.e2e.face"}}', containerId), 'rebuilt');
      await status().waitFor({ timeout: 60_000 });
    }));

  test('a broken config shows in the Problems panel at its spot, and the quick fix mends it', () =>
    editor.step('face-problems', async (page) => {
      const broken = writeBrokenConfig();
      await goToFile('broken/devcontainer.json', 'broken');
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const rows = page.locator('.markers-panel .monaco-list-row');
      const error = rows.filter({ hasText: 'expected an array' });
      await error.first().waitFor({ timeout: 30_000 });
      assert.match(await error.first().innerText(), /Ln 3, Col 3/);
      const warning = rows.filter({ hasText: 'unknown property' });
      await warning.first().waitFor({ timeout: 10_000 });
      assert.match(await warning.first().innerText(), /Ln 4, Col 3/);
      // The unsaved result is checked again.
      await quickFix('"runArgs"', 'Make "runArgs" an array');
      await waitFor('the error to go', async () => ((await error.count()) ? undefined : true), 15_000);
      assert.equal(await warning.count(), 1, 'the warning stays');
      await page.keyboard.press('Control+S');
      await waitFor('the fix on disk', async () => (readFileSync(broken, 'utf8').includes('"runArgs": ["--init"]') ? true : undefined), 10_000);
    }));

  test('legacy top-level extensions and settings: a warning each, and the quick fix moves them under customizations.vscode', () =>
    editor.step('face-legacy-quick-fix', async (page) => {
      // An old config put in place of the open one's text, as a user pastes one in.
      const file = join(editor.folder, '.devcontainer/broken/devcontainer.json');
      await page.locator('.tab.active', { hasText: 'devcontainer.json' }).first().waitFor({ timeout: 5_000 });
      await page.locator('.monaco-editor .view-line').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(LEGACY_CONFIG);
      const warnings = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'a legacy property' });
      await waitFor('a warning for each legacy property', async () => ((await warnings.count()) === 2 ? true : undefined), 30_000);
      await quickFix('"extensions"', 'Move the legacy VS Code properties under customizations.vscode');
      await waitFor('the warnings to go', async () => ((await warnings.count()) ? undefined : true), 15_000);
      await page.keyboard.press('Control+S');
      const moved = await waitFor('the fix on disk', async () => {
        const text = readFileSync(file, 'utf8');
        return text.includes('"customizations"') ? text : undefined;
      }, 10_000);
      assert.match(moved, /^\/\/ kept as written\n/, 'the comment stays');
      assert.deepEqual(JSON.parse(moved.replace(/^\/\/.*\n/, '')), { image: 'berth-base:bookworm', customizations: { vscode: { extensions: ['a.b'], settings: { 'editor.tabSize': 2 } } } });
    }));

  test('when up fails on a config error, Open Configuration opens the file at the line and column', () =>
    editor.step('face-open-configuration-at-spot', async (page) => {
      const broken = writeBrokenConfig();
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Berth: Rebuild Container');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'broken' }).first().click();
      await clickNotificationButton(page, /expected an array/, 'Open Configuration', 60_000);
      await page.locator('.tab.active', { hasText: 'devcontainer.json' }).first().waitFor({ timeout: 15_000 });
      await waitFor('the cursor at 3:3', async () => ((await page.locator('[id="status.editor.selection"]').innerText()).includes('Ln 3, Col 3') ? true : undefined), 10_000);
      rmSync(join(broken, '..'), { recursive: true, force: true });
    }));
});
