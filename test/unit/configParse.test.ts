import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJsonc } from '../../runtime-helper/config/parse';
import { errorOf, load, okValue, devcontainer } from './configFixture';

const syntaxError = (text: string) => errorOf(parseJsonc('/w/devcontainer.json', text));

describe('JSONC', () => {
  test('line and block comments, trailing commas and a byte-order mark are accepted', () => {
    const text = '\ufeff// top comment\n{\n  /* block */ "image": "x", // trailing\n  "forwardPorts": [3000,],\n  "containerEnv": { "A": "1", },\n}\n';
    assert.deepEqual(okValue(parseJsonc('f.json', text)).value, { image: 'x', forwardPorts: [3000], containerEnv: { A: '1' } });
  });

  test('a config file with all three quirks loads', () => {
    const loaded = load(devcontainer('\ufeff{\n  // the base image\n  "image": "berth-base:bookworm",\n  "runArgs": ["--init",],\n}\n'));
    assert.equal(loaded.config.image, 'berth-base:bookworm');
    assert.deepEqual(loaded.config.runArgs, ['--init']);
  });

  test('a missing comma: file, 1-based line and column, a plain message', () => {
    const e = syntaxError('{\n  "image": "x"\n  "name": "y"\n}');
    assert.deepEqual({ file: e.file, line: e.line, column: e.column, message: e.message, property: e.property }, { file: '/w/devcontainer.json', line: 3, column: 3, message: 'syntax error: missing comma', property: undefined });
  });

  test('an unclosed brace is an unexpected end of file where the text ends', () => {
    const e = syntaxError('{\n  "image": "x",\n  "build": {\n');
    assert.deepEqual([e.line, e.column, e.message], [4, 1, 'syntax error: unexpected end of file, missing closing brace }']);
  });

  test('positions count columns after a byte-order mark as editors do', () => {
    const e = syntaxError('\ufeff{ "a": 1 "b": 2 }');
    assert.deepEqual([e.line, e.column], [1, 10]);
  });

  test('only the first syntax error is reported', () => {
    const e = syntaxError('{\n "a": 1\n "b": 2\n "c": \n}');
    assert.equal(e.line, 3);
  });

  test('an empty file says so', () => {
    const e = syntaxError('  \n');
    assert.deepEqual([e.line, e.column, e.message], [1, 1, 'the file is empty; it must hold a JSON object']);
  });

  test('locate maps property paths to the position of their key, array items to the item', () => {
    const parsed = okValue(parseJsonc('f', '\ufeff{\n "runArgs": [\n   "--init",\n   "--bogus"\n ],\n "build": { "dockerfile": "D" }\n}'));
    assert.deepEqual(parsed.locate('runArgs.1'), { line: 4, column: 4 });
    assert.deepEqual(parsed.locate('runArgs'), { line: 2, column: 2 });
    assert.deepEqual(parsed.locate('build.dockerfile'), { line: 6, column: 13 });
    assert.deepEqual(parsed.locate(''), { line: 1, column: 1 });
    assert.equal(parsed.locate('runArgs.7'), undefined);
    assert.equal(parsed.locate('nothing.here'), undefined);
  });

  test('locate follows keys that hold dots and numeric keys of objects', () => {
    const text = '{\n "features": {\n  "ghcr.io/devcontainers/features/node:1": { "version": "20" }\n },\n "portsAttributes": { "3000": { "label": "web" } }\n}';
    const parsed = okValue(parseJsonc('f', text));
    assert.deepEqual(parsed.locate('features.ghcr.io/devcontainers/features/node:1.version'), { line: 3, column: 46 });
    assert.deepEqual(parsed.locate('portsAttributes.3000.label'), { line: 5, column: 33 });
  });
});
