// The Berth side bar in a real VS Code (code-server 4.96.4 in Debian's chromium): every action
// of the Containers, Images, Volumes and Logs trees, on resources this suite makes itself.
// The folder has no dev container configuration, so Berth activates when its views show.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { docker, dockerQuietly } from '../support/cli';
import { waitFor } from '../support/ports';
import { openEditor, type Editor } from './support/editor';
import { packageExtension } from './support/packageExtension';
import { answerDialog, contextMenu, inlineAction, notification, runCommand, showViewContainer, tabOpenedBy, terminalText, treeItem, typeInTerminal, viewTitleAction, waitForPrompt, webview } from './support/workbench';

const PLAIN = join(__dirname, 'fixtures/plain');
const BASE = 'berth-base:bookworm';
const WEB = 'berth-e2e-web';
const VOLUMES = { used: 'berth-e2e-used', unused: 'berth-e2e-unused', remove: 'berth-e2e-remove-me' };
const TAGGED = 'berth-e2e/remove-me:only-this-tag';
const DANGLING_SOURCE = 'berth-e2e/dangling';

const exists = (kind: 'container' | 'image' | 'volume', name: string) => spawnSync('docker', ['inspect', '--type', kind, name]).status === 0;
const state = () => JSON.parse(docker('inspect', WEB))[0].State as { Status: string; Running: boolean };

/** Makes an image that is dangling: the same tag committed twice leaves the first untagged. */
function makeDanglingImage(): string {
  dockerQuietly('rm', 'berth-e2e-dangling-src');
  docker('create', '--name', 'berth-e2e-dangling-src', BASE, 'true');
  const first = docker('commit', '-c', 'LABEL berth.e2e=first', 'berth-e2e-dangling-src', `${DANGLING_SOURCE}:1`);
  docker('commit', '-c', 'LABEL berth.e2e=second', 'berth-e2e-dangling-src', `${DANGLING_SOURCE}:1`);
  docker('rm', 'berth-e2e-dangling-src');
  return first;
}

/**
 * Prune acts on the whole engine. So that this suite never deletes anything of the
 * developer's, their dangling images get a tag and their unused volumes a placeholder
 * container for the duration; both are taken off afterwards.
 */
function shieldOthers(ours: { volumes: string[]; image: string }): () => void {
  // First, so the volumes a killed run's placeholder held are shielded again.
  dockerQuietly('rm', 'berth-e2e-shield');
  const images = docker('images', '-q', '--no-trunc', '--filter', 'dangling=true').split('\n').filter((id) => id && id !== ours.image);
  // Tagged by id, so a tag left by a killed run is never moved off the image it shields.
  const tags = images.map((id) => `berth-e2e-shield/image:${id.replace('sha256:', '').slice(0, 12)}`);
  images.forEach((id, i) => docker('tag', id, tags[i]));
  const volumes = docker('volume', 'ls', '-q', '--filter', 'dangling=true').split('\n').filter((v) => v && !ours.volumes.includes(v));
  if (volumes.length) docker('create', '--name', 'berth-e2e-shield', ...volumes.flatMap((v, i) => ['-v', `${v}:/shield/${i}`]), BASE, 'true');
  return () => {
    if (volumes.length) docker('rm', 'berth-e2e-shield');
    for (const tag of tags) docker('rmi', '--no-prune', tag);
  };
}

describe('the Berth trees in code-server', { timeout: 600_000 }, () => {
  let editor: Editor;
  let dangling = '';
  let unshield: () => void = () => undefined;

  /** Everything with this suite's names; a run that was killed leaves some behind. */
  const removeOurs = () => {
    dockerQuietly('rm', '-f', WEB);
    for (const v of Object.values(VOLUMES)) dockerQuietly('volume', 'rm', v);
    for (const image of [TAGGED, `${DANGLING_SOURCE}:1`, dangling].filter(Boolean)) dockerQuietly('rmi', image);
  };

  before(async () => {
    removeOurs();
    for (const v of Object.values(VOLUMES)) docker('volume', 'create', v);
    docker('run', '-d', '--name', WEB, '-p', '127.0.0.1::8080', '-v', `${VOLUMES.used}:/data`, BASE, '/bin/sh', '-c', 'echo web-log-line; exec busybox httpd -f -p 8080 -h /etc');
    docker('tag', BASE, TAGGED);
    dangling = makeDanglingImage();
    unshield = shieldOthers({ volumes: Object.values(VOLUMES), image: dangling });
    editor = await openEditor(packageExtension(), PLAIN);
  });

  after(async () => {
    await editor?.close();
    unshield();
    removeOurs();
  });

  test("showing the Berth views activates Berth and lists the engine's containers, images and volumes", () =>
    editor.step('trees-listed', async (page) => {
      await showViewContainer(page, 'Berth');
      await (await treeItem(page, 'Containers', WEB)).waitFor({ timeout: 60_000 });
      await (await treeItem(page, 'Images', 'berth-e2e/remove-me')).waitFor({ timeout: 30_000 });
      await (await treeItem(page, 'Volumes', VOLUMES.used)).waitFor({ timeout: 30_000 });
      // Only the volume in use names its container.
      assert.match(await (await treeItem(page, 'Volumes', VOLUMES.used)).innerText(), new RegExp(WEB));
      assert.doesNotMatch(await (await treeItem(page, 'Volumes', VOLUMES.unused)).innerText(), new RegExp(WEB));
      assert.equal(editor.activationError(), undefined);
    }));

  test('Refresh in each view title shows what changed in the engine', () =>
    editor.step('trees-refresh', async (page) => {
      for (const viewTitle of ['Containers', 'Images', 'Volumes']) await viewTitleAction(page, viewTitle, 'Refresh');
      await (await treeItem(page, 'Containers', WEB)).waitFor({ timeout: 15_000 });
      await (await treeItem(page, 'Volumes', VOLUMES.remove)).waitFor({ timeout: 15_000 });
    }));

  test('Stop and Start, inline on the container, stop and start it', () =>
    editor.step('container-stop-start', async (page) => {
      const row = await treeItem(page, 'Containers', WEB);
      await inlineAction(row, 'Stop');
      await waitFor('the container to stop', async () => (state().Running ? undefined : true), 30_000);
      // The tree follows the engine's events: the row now offers Start.
      await row.hover();
      await row.locator('.actions .action-label[aria-label="Start"]').waitFor({ timeout: 15_000 });
      await inlineAction(row, 'Start');
      await waitFor('the container to run', async () => (state().Running ? true : undefined), 30_000);
      await row.hover();
      await row.locator('.actions .action-label[aria-label="Stop"]').waitFor({ timeout: 15_000 });
    }));

  test('Attach Shell opens a shell inside the container', () =>
    editor.step('container-attach-shell', async (page) => {
      await contextMenu(page, await treeItem(page, 'Containers', WEB), 'Attach Shell');
      await waitForPrompt(page);
      await typeInTerminal(page, 'echo in-$(cat /etc/hostname)');
      const hostname = docker('inspect', '-f', '{{.Config.Hostname}}', WEB);
      await waitFor('the container hostname', async () => (new RegExp(`^in-${hostname}\\s*$`, 'm').test(await terminalText(page)) ? true : undefined), 30_000);
    }));

  test("View Logs opens the container's log in the log viewer", () =>
    editor.step('container-view-logs', async (page) => {
      await contextMenu(page, await treeItem(page, 'Containers', WEB), 'View Logs');
      const log = await webview(page, '#search');
      await log.locator('.row', { hasText: 'web-log-line' }).first().waitFor({ timeout: 30_000 });
    }));

  test("the Logs tree opens a container's log", () =>
    editor.step('logs-tree', async (page) => {
      await page.locator('.tab', { hasText: /^Log: / }).first().locator('.codicon-close').click();
      await (await treeItem(page, 'Logs', WEB)).click();
      const log = await webview(page, '#search');
      await log.locator('.row', { hasText: 'web-log-line' }).first().waitFor({ timeout: 30_000 });
    }));

  test('Open in Browser opens the published port', () =>
    editor.step('container-open-in-browser', async (page) => {
      const port = docker('port', WEB, '8080/tcp').split('\n')[0].split(':').pop()!;
      const row = await treeItem(page, 'Containers', WEB);
      const tab = await tabOpenedBy(page, () => contextMenu(page, row, 'Open in Browser'), port);
      await tab.close();
    }));

  test('Remove, inline on an image, asks first and removes that tag only', () =>
    editor.step('image-remove', async (page) => {
      await (await treeItem(page, 'Images', 'berth-e2e/remove-me')).click();
      await inlineAction(await treeItem(page, 'Images', 'only-this-tag'), 'Remove...');
      assert.match(await answerDialog(page, 'Remove'), new RegExp(TAGGED.replace('/', '\\/')));
      await waitFor('the tag to go', async () => (exists('image', TAGGED) ? undefined : true), 15_000);
      assert.ok(exists('image', BASE), 'the image keeps its other tags');
    }));

  test('Prune Dangling Images asks, removes the dangling image and reports the space reclaimed', () =>
    editor.step('images-prune', async (page) => {
      await viewTitleAction(page, 'Images', 'Prune Dangling Images...');
      await answerDialog(page, 'Prune');
      await notification(page, /removed \d+ images, reclaimed/).waitFor({ timeout: 30_000 });
      assert.equal(exists('image', dangling), false);
      assert.ok(exists('image', `${DANGLING_SOURCE}:1`), 'tagged images stay');
    }));

  test('Remove, inline on a volume, asks first and removes it', () =>
    editor.step('volume-remove', async (page) => {
      await inlineAction(await treeItem(page, 'Volumes', VOLUMES.remove), 'Remove...');
      assert.match(await answerDialog(page, 'Remove'), new RegExp(VOLUMES.remove));
      await waitFor('the volume to go', async () => (exists('volume', VOLUMES.remove) ? undefined : true), 15_000);
    }));

  test('Prune Unused Volumes asks, and removes the unused volume but keeps the one in use', () =>
    editor.step('volumes-prune', async (page) => {
      await viewTitleAction(page, 'Volumes', 'Prune Unused Volumes...');
      await answerDialog(page, 'Prune');
      await notification(page, /removed \d+ volumes/).waitFor({ timeout: 30_000 });
      assert.equal(exists('volume', VOLUMES.unused), false);
      assert.ok(exists('volume', VOLUMES.used), 'a volume a container uses is kept');
    }));

  test('Remove on a container asks first, removes it and keeps its named volume', () =>
    editor.step('container-remove', async (page) => {
      await contextMenu(page, await treeItem(page, 'Containers', WEB), 'Remove...');
      assert.match(await answerDialog(page, 'Remove'), new RegExp(WEB));
      await waitFor('the container to go', async () => (exists('container', WEB) ? undefined : true), 30_000);
      const pane = page.locator('.pane').filter({ has: page.locator('.pane-header h3.title', { hasText: /^Containers$/i }) });
      await waitFor('the tree to drop it', async () => ((await pane.locator('.monaco-list-row', { hasText: WEB }).count()) ? undefined : true), 15_000);
      assert.ok(exists('volume', VOLUMES.used));
    }));

  test("Add Dev Container Configuration Files copies a template into a folder without one and opens it", () =>
    editor.step('add-configuration', async (page) => {
      const config = join(editor.folder, '.devcontainer/devcontainer.json');
      assert.equal(existsSync(config), false);
      // The template pick, as the palette, can close under a focus change before the click: then it is asked again.
      for (let attempt = 1; ; attempt++) {
        await runCommand(page, 'Berth: Add Dev Container Configuration Files…');
        const row = page.locator('.quick-input-list .monaco-list-row').first();
        await row.waitFor({ timeout: 15_000 });
        const picked = await row.click({ timeout: 10_000 }).then(() => true, () => false);
        if (picked) break;
        if (attempt === 3) throw new Error('the template pick closed before a template could be picked, three times');
        await page.keyboard.press('Escape');
      }
      await page.locator('.tab', { hasText: 'devcontainer.json' }).first().waitFor({ timeout: 15_000 });
      assert.match(readFileSync(config, 'utf8'), /"image"|"build"/);
    }));
});
