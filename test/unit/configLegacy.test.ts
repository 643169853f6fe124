// Top-level extensions, settings and devPort are read as customizations.vscode, the way the
// devcontainer CLI reads them, with a warning naming each and where it belongs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { liftLegacyKeys } from '../../runtime-helper/config/legacy';
import { devcontainer, load } from './configFixture';

describe('legacy VS Code keys', () => {
  test('are moved under customizations.vscode, with a warning at each naming the fix', () => {
    const ws = devcontainer('{\n  "image": "x",\n  "extensions": ["a.b"],\n  "settings": { "editor.tabSize": 2 }\n}\n');
    const loaded = load(ws);
    assert.deepEqual(loaded.config, { image: 'x', customizations: { vscode: { extensions: ['a.b'], settings: { 'editor.tabSize': 2 } } } });
    assert.deepEqual(
      loaded.warnings.map((w) => [w.line, w.column, w.property, w.message]),
      [
        [3, 3, 'extensions', 'a legacy property, read as customizations.vscode.extensions; move it there'],
        [4, 3, 'settings', 'a legacy property, read as customizations.vscode.settings; move it there'],
      ],
    );
  });

  test('merge as the CLI merges: extensions appended, customizations.vscode settings and devPort win', () => {
    const config = {
      image: 'x',
      extensions: ['old.one'],
      settings: { a: 1, b: 1 },
      devPort: 8000,
      customizations: { vscode: { extensions: ['new.one'], settings: { b: 2 }, devPort: 9000 }, other: { k: 1 } },
    };
    assert.deepEqual(liftLegacyKeys(config), {
      image: 'x',
      devPort: 8000,
      customizations: { vscode: { extensions: ['new.one', 'old.one'], settings: { a: 1, b: 2 }, devPort: 9000 }, other: { k: 1 } },
    });
    assert.deepEqual(config.customizations.vscode.extensions, ['new.one'], 'the parsed config is left as it was');
  });

  test('a config without them, or whose customizations.vscode is not an object, stays as written', () => {
    const plain = { image: 'x', customizations: { vscode: { extensions: ['a.b'] } } };
    assert.equal(liftLegacyKeys(plain), plain);
    const odd = { image: 'x', extensions: ['a.b'], customizations: { vscode: 'nonsense' } };
    assert.equal(liftLegacyKeys(odd), odd);
  });
});
