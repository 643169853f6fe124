// The Berth side bar in a real VS Code (code-server 4.96.4 in Debian's chromium) when the
// container engine does not answer: each view says so, naming the engine and how to start
// it; once the engine answers, the views fill by themselves, with no reload.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openEditor, type Editor } from './support/editor';
import { packageExtension } from './support/packageExtension';
import { showViewContainer, treeItem, view } from './support/workbench';
import { waitFor } from '../support/ports';

const FOLDER = join(__dirname, 'fixtures/no-engine');
const VIEWS = ['Containers', 'Images', 'Volumes'];
const ENGINE = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice('unix://'.length) : '/var/run/docker.sock';

/** The engine "starting": a socket at `path` that leads to the real engine. */
function engineAt(path: string): Promise<Server> {
  const server = createServer((client) => {
    const engine = connect(ENGINE);
    client.pipe(engine).pipe(client);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

describe('the Berth trees while the engine is down', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-engine-'));
  const socket = join(dir, 'docker.sock');
  let editor: Editor;
  let engine: Server | undefined;

  before(async () => {
    editor = await openEditor(packageExtension(), FOLDER, { DOCKER_HOST: `unix://${socket}` });
  });

  after(async () => {
    await editor?.close();
    engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each view says the engine does not answer, names it and how to start it', () =>
    editor.step('engine-down', async (page) => {
      await showViewContainer(page, 'Berth');
      for (const title of VIEWS) {
        const row = await treeItem(page, title, 'cannot reach the container engine', 60_000);
        await row.waitFor({ timeout: 60_000 });
        const text = await row.innerText();
        assert.ok(text.includes(`unix://${socket}`), `${title} names the engine: ${text}`);
        assert.match(text, /Start the engine/, `${title} says how to fix it`);
      }
    }));

  test('once the engine answers, the views fill without a reload', () =>
    editor.step('engine-back', async (page) => {
      engine = await engineAt(socket);
      // The helper retries with a backoff of at most 10 s, and the views refresh one by one. The
      // engine has images (the base image at least): the Images view lists some, with no error.
      const images = (await view(page, 'Images')).locator('.monaco-list-row').filter({ hasNotText: /container engine/ });
      await waitFor('images in the Images view', async () => ((await images.count()) > 0 ? true : undefined), 60_000);
      for (const title of VIEWS) {
        const errors = (await view(page, title)).locator('.monaco-list-row').filter({ hasText: /container engine/ });
        await waitFor(`${title} no longer showing the error`, async () => ((await errors.count()) === 0 ? true : undefined), 30_000);
      }
    }));
});
