// Every command the extension registers goes through the one error wrapper (src/commands/failure.ts):
// a command that fails, whatever it touched, ends in one "Berth: …" notification with its fix,
// never an unhandled rejection. vscode is replaced by a stand-in whose every API throws, so each
// command fails at its first step.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { installFakeVscode, sourceFiles, throwing } from '../support/fakeVscode';

const ROOT = resolve(__dirname, '../..');
const packageJSON = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };

const shown: { message: string; actions: string[] }[] = [];
const registered = new Map<string, (...args: unknown[]) => unknown>();

installFakeVscode({
  commands: { registerCommand: (id: string, run: (...args: unknown[]) => unknown) => (registered.set(id, run), { dispose() {} }), executeCommand: async () => undefined },
  window: new Proxy({}, { get: (_w, k) => (k === 'showErrorMessage' ? async (message: string, ...actions: string[]) => void shown.push({ message, actions }) : throwing(`window.${String(k)}`)) }),
});

/** The extension's context: its log and package.json are real, anything else a command reaches for throws. */
const ctx = new Proxy({} as Record<string, unknown>, {
  get: (_t, key) => {
    if (key === 'extension') return { extension: { packageJSON } };
    if (key === 'log') return { error() {}, warn() {}, info() {}, show() {} };
    throw new Error(`ctx.${String(key)} is not available here`);
  },
});

describe('command errors', () => {
  test('every contributed command is registered in registerCommands.ts, the only file that registers commands', () => {
    const { registerCommands } = require('../../src/commands/registerCommands') as typeof import('../../src/commands/registerCommands');
    registerCommands(ctx as never);
    assert.deepEqual(packageJSON.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id)), []);
    const elsewhere = sourceFiles(join(ROOT, 'src')).filter((f) => !f.endsWith('commands/registerCommands.ts') && /\bregisterCommand\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(elsewhere.map((f) => relative(ROOT, f)), []);
  });

  test('a command that fails ends in one notification, with the fix, and never rejects', async () => {
    assert.ok(registered.size > 30);
    for (const [id, run] of registered) {
      shown.length = 0;
      await assert.doesNotReject(async () => run(), id);
      await new Promise((r) => setImmediate(r));
      assert.equal(shown.length, 1, `${id} showed ${shown.length} notifications`);
      assert.match(shown[0].message, /^Berth: /, id);
      assert.ok(shown[0].actions.includes('Show Log'), id);
    }
  });

  test('the notification carries the fix a failure names', async () => {
    const { guardCommand } = require('../../src/commands/failure') as typeof import('../../src/commands/failure');
    const { BerthFailure } = require('../../runtime-helper/util/result') as typeof import('../../runtime-helper/util/result');
    shown.length = 0;
    await guardCommand(ctx as never, () => {
      throw new BerthFailure({ message: 'the engine does not answer', fix: 'Start Docker.', file: '/w/.devcontainer/devcontainer.json', line: 3, column: 5 });
    })();
    assert.deepEqual(shown, [{ message: 'Berth: /w/.devcontainer/devcontainer.json:3:5: the engine does not answer fix: Start Docker.', actions: ['Show Log', 'Open Configuration'] }]);
  });
});
