// `npm run test:electron`: the extension tests in a downloaded VS Code, for machines that
// can reach update.code.visualstudio.com. Elsewhere it says so and exits without failing;
// the code-server suite in test/e2e is what runs the real editor there.
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';

async function canDownload(): Promise<string | undefined> {
  try {
    const res = await fetch('https://update.code.visualstudio.com/api/releases/stable', { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return res.ok ? undefined : `update.code.visualstudio.com answered ${res.status}`;
  } catch (err) {
    return (err as Error).message;
  }
}

async function main(): Promise<void> {
  const blocked = await canDownload();
  if (blocked) {
    console.log(`Skipping the @vscode/test-electron suite: VS Code cannot be downloaded here (${blocked}). The code-server suite (npm test) covers the editor.`);
    return;
  }
  const root = join(__dirname, '../..');
  await runTests({ extensionDevelopmentPath: root, extensionTestsPath: join(__dirname, 'suite', 'index.js'), launchArgs: [join(root, 'examples/web'), '--disable-extensions'] });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
