// `npm run test:electron`: the extension in a downloaded VS Code 1.96.4 (the base of
// code-server 4.96.4), for machines that can reach update.code.visualstudio.com. Elsewhere
// it says why and exits 0 without running anything: it is not part of `npm test`, where the
// code-server suite in test/e2e drives the real editor.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '1.96.4';
const REPO = join(__dirname, '../..');

/** The one request outside loopback, and only to decide whether to run. */
async function whyNoDownload(): Promise<string | undefined> {
  try {
    const res = await fetch('https://update.code.visualstudio.com/api/releases/stable', { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return res.ok ? undefined : `update.code.visualstudio.com answered ${res.status}`;
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause ? `${(err as Error).message} (${cause.code ?? cause.message})` : (err as Error).message;
  }
}

async function main(): Promise<number> {
  const blocked = await whyNoDownload();
  if (blocked) {
    console.log(`SKIPPED: VS Code cannot be downloaded here: ${blocked}. Nothing was tested; npm test's code-server suite covers the editor.`);
    return 0;
  }
  const root = mkdtempSync(join(tmpdir(), 'berth-electron-'));
  const folder = join(root, 'sample');
  cpSync(join(REPO, 'test/e2e/fixtures/sample'), folder, { recursive: true });
  try {
    return await runTests({
      version: VERSION,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: join(__dirname, 'suite', 'index.js'),
      extensionTestsEnv: { BERTH_HELPER_DIR: join(root, 'helper'), XDG_STATE_HOME: join(root, 'state') },
      launchArgs: [folder, '--disable-extensions', '--user-data-dir', join(root, 'user-data')],
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`The VS Code extension tests failed: ${(err as Error).message ?? err}`);
    process.exit(1);
  },
);
