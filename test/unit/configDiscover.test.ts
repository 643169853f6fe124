import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, test } from 'node:test';
import { resolveConfigFile } from '../../runtime-helper/config/discover';
import { findConfigFiles } from '../../runtime-helper/rpc/configLocations';
import { loadConfig } from '../../runtime-helper/config/load';
import { formatError } from '../../runtime-helper/util/result';
import { errorOf, load, loadError, okValue, workspace } from './configFixture';

describe('config discovery', () => {
  test('finds the spec locations in the spec order, absolute, and nothing else (the helper and the extension share it)', () => {
    const ws = workspace({
      '.devcontainer/devcontainer.json': { image: 'a' },
      '.devcontainer.json': { image: 'b' },
      '.devcontainer/python/devcontainer.json': { image: 'c' },
      '.devcontainer/go/devcontainer.json': { image: 'd' },
      '.devcontainer/notes/readme.md': 'x',
      '.devcontainer/deep/er/devcontainer.json': { image: 'e' },
      'sub/.devcontainer/devcontainer.json': { image: 'f' },
    });
    const found = findConfigFiles(ws);
    assert.ok(found.every((f) => f.startsWith(`${ws}/`)));
    assert.deepEqual(
      found.map((f) => relative(ws, f)),
      ['.devcontainer/devcontainer.json', '.devcontainer.json', '.devcontainer/go/devcontainer.json', '.devcontainer/python/devcontainer.json'],
    );
  });

  test('one config is used without --config', () => {
    const ws = workspace({ '.devcontainer.json': { image: 'root' } });
    assert.equal(okValue(resolveConfigFile(ws)), `${ws}/.devcontainer.json`);
    assert.equal(load(ws).config.image, 'root');
  });

  test('several configs without --config: the error lists them all and gives the --config command', () => {
    const ws = workspace({ '.devcontainer/a/devcontainer.json': { image: 'a' }, '.devcontainer/b/devcontainer.json': { image: 'b' } });
    const e = loadError(ws);
    assert.match(e.message, /^2 dev container configs found; choose one with --config:/);
    assert.ok(e.message.includes(`${ws}/.devcontainer/a/devcontainer.json`));
    assert.ok(e.message.includes(`${ws}/.devcontainer/b/devcontainer.json`));
    assert.equal(e.fix, `berth up --workspace-folder ${ws} --config ${ws}/.devcontainer/a/devcontainer.json`);
  });

  test('--config picks one of several; a relative --config is resolved against the current directory', () => {
    const ws = workspace({ '.devcontainer/a/devcontainer.json': { image: 'a' }, '.devcontainer/b/devcontainer.json': { image: 'b' } });
    const cwd = process.cwd();
    process.chdir(ws);
    try {
      const loaded = okValue(loadConfig({ workspaceFolder: '.', configFile: '.devcontainer/b/devcontainer.json', env: {} }));
      assert.equal(loaded.configFile, `${ws}/.devcontainer/b/devcontainer.json`);
      assert.equal(loaded.workspaceFolder, ws);
      assert.equal(loaded.config.image, 'b');
    } finally {
      process.chdir(cwd);
    }
  });

  test('a --config that does not exist is named in the error', () => {
    const ws = workspace({ '.devcontainer/devcontainer.json': { image: 'a' } });
    const e = errorOf(resolveConfigFile(ws, `${ws}/nope.json`));
    assert.equal(e.file, `${ws}/nope.json`);
    assert.match(formatError(e), new RegExp(`^${ws}/nope\\.json: the config file ${ws}/nope\\.json given by --config does not exist\\n  fix: berth up --workspace-folder ${ws} --config FILE`));
  });

  test('no config at all says where Berth looked and how to fix it', () => {
    const ws = workspace({ 'README.md': 'x' });
    const e = loadError(ws);
    assert.equal(e.message, `no dev container config in ${ws} (looked for .devcontainer/devcontainer.json, .devcontainer.json and .devcontainer/<name>/devcontainer.json)`);
    assert.equal(e.fix, `Add .devcontainer/devcontainer.json, or run berth up --workspace-folder ${ws} --config FILE`);
  });

  test('a workspace folder that does not exist is refused', () => {
    const e = loadError('/nonexistent/berth/ws');
    assert.equal(e.message, 'the workspace folder /nonexistent/berth/ws does not exist');
  });
});
