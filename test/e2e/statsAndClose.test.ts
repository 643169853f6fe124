// A container's stats chart, opened from the Containers tree, and shutdownAction when the
// user closes the code-server page: the container stops once the grace period is over (a
// short one here, through BERTH_SHUTDOWN_GRACE_MS). Screenshot: test-results/e2e/face-stats-chart-dark.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { docker } from '../support/cli';
import { waitFor } from '../support/ports';
import { openEditor, RESULTS, type Editor } from './support/editor';
import { packageExtension } from './support/packageExtension';
import { clickNotificationButton, contextMenu, setColorTheme, showViewContainer, treeItem, webview } from './support/workbench';

const GRACE_MS = 10_000;

describe('the stats chart, and shutdownAction when the page closes', { timeout: 600_000 }, () => {
  let editor: Editor;
  let containerId = '';
  const containerOf = () => docker('ps', '-q', '--filter', `label=devcontainer.local_folder=${editor.folder}`) || undefined;
  const containerName = () => docker('inspect', '-f', '{{.Name}}', containerId).replace(/^\//, '');
  const running = () => docker('inspect', '-f', '{{.State.Running}}', containerId) === 'true';

  before(async () => {
    editor = await openEditor(packageExtension(), join(__dirname, 'fixtures/stats'), { BERTH_SHUTDOWN_GRACE_MS: String(GRACE_MS) });
  });

  after(async () => {
    await editor?.close();
  });

  test('Reopen in Container (from the offer on opening the folder) attaches', () =>
    editor.step('stats-attached', async (page) => {
      await clickNotificationButton(page, /Folder contains a Dev Container configuration/, 'Reopen in Container');
      containerId = await waitFor('the dev container', async () => containerOf(), 180_000);
      await page.locator('.statusbar-item', { hasText: 'Berth: stats and close' }).first().waitFor({ timeout: 90_000 });
    }));

  test("Show Stats Chart on a container's row draws its CPU, memory, network and block I/O over time", () =>
    editor.step('stats-chart', async (page) => {
      await showViewContainer(page, 'Berth');
      await contextMenu(page, await treeItem(page, 'Containers', containerName()), 'Show Stats Chart');
      // Named by the row's container, or by the attachment (the same container) when the row was
      // redrawn by a stats sample as the menu opened and the command got no row.
      await page.locator('.tab.active', { hasText: new RegExp(`Stats: (${containerName()}|stats and close)`) }).waitFor({ timeout: 15_000 });
      const chart = await webview(page, '#cpu');
      const points = (id: string) => chart.locator(`#${id} polyline`).first().evaluate((e) => (e.getAttribute('points') ?? '').split(' ').filter(Boolean).length);
      // About a sample a second: three of them make a line.
      await waitFor('a line of three samples', async () => ((await points('cpu')) >= 3 ? true : undefined), 30_000);
      assert.match(await chart.locator('#cpu .now').innerText(), /^\d+\.\d%$/);
      assert.match(await chart.locator('#memory .now').innerText(), /^\S+ [KMG]?B of \S+ [KMG]?B$/);
      assert.match(await chart.locator('#network .now').innerText(), /^received \S+ [KMG]?B\/s · sent \S+ [KMG]?B\/s$/);
      assert.match(await chart.locator('#block .now').innerText(), /^read \S+ [KMG]?B\/s · written \S+ [KMG]?B\/s$/);
      for (const id of ['memory', 'network', 'block']) assert.ok((await points(id)) >= 3, `${id} has its line`);
      assert.equal(await chart.locator('#state').isHidden(), true, 'no waiting message once samples come');
      await setColorTheme(page, 'dark');
      await waitFor('the chart in the dark theme', async () => ((await chart.locator('body').getAttribute('class'))?.includes('vscode-dark') ? true : undefined), 15_000);
      await page.locator('.part.editor').screenshot({ path: join(RESULTS, 'face-stats-chart-dark.png') });
    }));

  test('closing the page applies shutdownAction after the grace period', () =>
    editor.step('stats-page-closed', async (page) => {
      // As a user closes the tab: the page's unload handlers run.
      await page.close({ runBeforeUnload: true });
      const closed = Date.now();
      assert.equal(running(), true, 'still running just after the close: a reload would come back in time');
      await waitFor('the container to stop', async () => (running() ? undefined : true), GRACE_MS + 60_000);
      const took = Date.now() - closed;
      assert.ok(took >= GRACE_MS - 1000, `stopped after the grace period, not before (${took} ms)`);
      assert.equal(docker('ps', '-aq', '--filter', `id=${containerId}`).length > 0, true, 'stopped, not removed (shutdownAction stopContainer)');
    }));
});
