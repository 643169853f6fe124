// Berth in a real VS Code (code-server), as a user drives it: open a folder, accept
// Reopen in Container, use the container terminal, the trees, the Ports panel and the log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { docker } from '../support/cli';
import { waitFor } from '../support/ports';
import { BASE_IMAGE } from '../support/workspace';
import { openEditor, packageExtension, runCommand, type Editor } from './support/codeServer';

const SAMPLE = {
  '.devcontainer/devcontainer.json': JSON.stringify({
    name: 'e2e sample',
    image: BASE_IMAGE,
    forwardPorts: [8080],
    portsAttributes: { '8080': { label: 'Sample site' } },
    mounts: ['type=volume,source=berth-e2e-volume,target=/data'],
    postCreateCommand: 'echo created-by-berth-e2e',
    postStartCommand: 'busybox httpd -p 8080 -h ${containerWorkspaceFolder}',
  }),
  'index.html': '<h1>served from the e2e container</h1>\n',
};

describe('Berth in code-server', { timeout: 600_000 }, () => {
  let editor: Editor;
  let containerId = '';

  before(async () => {
    editor = await openEditor(packageExtension(), SAMPLE);
  });

  after(async () => {
    await editor?.close();
    if (editor) for (const id of docker('ps', '-aq', '--filter', `label=devcontainer.local_folder=${editor.folder}`).split('\n').filter(Boolean)) docker('rm', '-f', '-v', id);
    try {
      docker('volume', 'rm', 'berth-e2e-volume');
    } catch {
      /* already gone */
    }
  });

  test('offers Reopen in Container and brings the container up', async () => {
    const { page } = editor;
    const toast = page.locator('.notification-toast', { hasText: 'Dev Container configuration' });
    await toast.waitFor({ timeout: 60_000 });
    await editor.screenshot('reopen-offered');
    await toast.getByRole('button', { name: 'Reopen in Container' }).click();
    containerId = await waitFor('the dev container', async () => docker('ps', '-q', '--filter', `label=devcontainer.local_folder=${editor.folder}`) || undefined, 90_000);
    await page.locator('.statusbar-item', { hasText: 'Berth: e2e sample' }).waitFor({ timeout: 30_000 });
    await editor.screenshot('attached');
  });

  test('a command in the container terminal prints its output', async () => {
    const { page } = editor;
    await runCommand(page, 'Berth: Open Container Terminal');
    const terminal = page.locator('.terminal-wrapper.active .xterm-rows');
    await terminal.waitFor({ timeout: 30_000 });
    await waitFor('the shell prompt', async () => ((await terminal.innerText()).trim().length > 0 ? true : undefined), 20_000);
    await page.locator('.terminal-wrapper.active .xterm').click();
    await page.keyboard.type('echo berth-$((6*7)); whoami; pwd\n');
    await waitFor('the output', async () => ((await terminal.innerText()).includes('berth-42') ? true : undefined), 20_000);
    const text = await terminal.innerText();
    assert.match(text, /\nroot\s*\n/);
    assert.match(text, /\/workspaces\/sample/);
    await editor.screenshot('terminal');
  });

  test('the trees show the container, its image and its volume', async () => {
    const { page } = editor;
    await page.locator('.activitybar .action-item a[aria-label^="Berth"]').first().click();
    const sidebar = page.locator('.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'sample' }).first().waitFor({ timeout: 30_000 });
    const name = docker('inspect', '-f', '{{.Name}}', containerId).replace(/^\//, '');
    await sidebar.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
    await sidebar.locator('.monaco-list-row', { hasText: 'berth-base' }).first().waitFor({ timeout: 30_000 });
    await sidebar.locator('.monaco-list-row', { hasText: 'berth-e2e-volume' }).first().waitFor({ timeout: 30_000 });
    await editor.screenshot('trees');
  });

  test('the forwarded port shows in the Ports panel and answers on 127.0.0.1', async () => {
    const { page } = editor;
    await runCommand(page, 'Berth: Focus on Ports View');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const row = view.locator('tr[data-port="8080"]');
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Sample site/);
    const address = (await row.locator('.address').innerText()).trim();
    assert.match(address, /^127\.0\.0\.1:\d+$/);
    const res = await fetch(`http://${address}/index.html`);
    assert.equal(await res.text(), '<h1>served from the e2e container</h1>\n');
    await editor.screenshot('ports');
  });

  test("the container's log opens in the log viewer and can be searched", async () => {
    const { page } = editor;
    await runCommand(page, 'Berth: Show Container Log');
    await page.locator('.tab', { hasText: 'Log: e2e sample' }).waitFor({ timeout: 30_000 });
    const view = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
    await view.locator('.row', { hasText: 'Container started' }).first().waitFor({ timeout: 30_000 });
    await view.locator('#search input').fill('container started');
    await waitFor('the match count', async () => ((await view.locator('#count').innerText()).match(/^1 match/) ? true : undefined), 10_000);
    await editor.screenshot('log-search');
  });

  test('Reopen Folder Locally detaches and stops the container', async () => {
    const { page } = editor;
    await runCommand(page, 'Berth: Reopen Folder Locally');
    await waitFor('the container to stop', async () => (JSON.parse(docker('inspect', containerId))[0].State.Running ? undefined : true), 30_000);
    await page.locator('.statusbar-item', { hasText: 'Berth: e2e sample' }).waitFor({ state: 'detached', timeout: 10_000 });
    await editor.screenshot('reopened-locally');
  });
});
