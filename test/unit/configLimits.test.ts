// Input that would stall the helper or change a config behind the user's back is refused
// with one message that says where: an oversized file, nesting past the limit, bytes that
// are not UTF-8, something that is not a file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { mergeMetadata, parseMetadataLabel } from '../../runtime-helper/config/metadata';
import { MAX_NESTING } from '../../runtime-helper/config/nesting';
import { parseJsonc, readJsonc } from '../../runtime-helper/config/parse';
import { MAX_CONFIG_BYTES } from '../../runtime-helper/config/readText';
import { formatError } from '../../runtime-helper/util/result';
import { devcontainer, errorOf, load, loadError, okValue } from './configFixture';

const configOf = (ws: string) => join(ws, '.devcontainer/devcontainer.json');
/** A config nested `depth` levels deep in all, its arrays starting on line 3, column 28. */
const nested = (depth: number) => `{\n  "image": "x",\n  "customizations": { "x": ${'['.repeat(depth - 2)}${']'.repeat(depth - 2)} }\n}\n`;

describe('config size', () => {
  test('a 50 MB config is refused at once, naming the file, its size, the limit and the fix', () => {
    const ws = devcontainer('{}');
    truncateSync(configOf(ws), 50 * 2 ** 20);
    const started = performance.now();
    const e = loadError(ws);
    assert.ok(performance.now() - started < 500, 'refused without reading it');
    assert.equal(e.file, configOf(ws));
    assert.equal(e.message, "the file is 50.0 MiB, over Berth's limit of 64 KiB for a config");
    assert.match(e.fix!, /move long scripts or data into files/);
  });

  test('a config at the limit loads; one byte more is refused with its size in bytes', () => {
    const head = '{"image": "x", "name": "';
    const tail = '"}';
    const ws = devcontainer(head + 'a'.repeat(MAX_CONFIG_BYTES - head.length - tail.length) + tail);
    assert.equal(load(ws).config.image, 'x');
    writeFileSync(configOf(ws), head + 'a'.repeat(MAX_CONFIG_BYTES + 1 - head.length - tail.length) + tail);
    assert.match(loadError(ws).message, new RegExp(`^the file is ${MAX_CONFIG_BYTES + 1} bytes, over`));
  });

  test('a FIFO given as the config is refused without waiting for a writer', () => {
    const fifo = join(devcontainer({ image: 'x' }), 'config.fifo');
    execFileSync('mkfifo', [fifo]);
    assert.equal(errorOf(readJsonc(fifo)).message, 'not a regular file; a config must be a file');
  });
});

describe('nesting', () => {
  test('10,000 levels: a clear error at the bracket past the limit, not a stack overflow', () => {
    const e = loadError(devcontainer(nested(10_000)));
    assert.deepEqual([e.line, e.column], [3, 27 + MAX_NESTING - 1]);
    assert.equal(e.message, `the JSON is nested more than ${MAX_NESTING} levels deep here`);
    assert.match(formatError(e), /devcontainer\.json:3:\d+: the JSON is nested/);
  });

  test('nesting up to the limit is read, validated and substituted', () => {
    const loaded = load(devcontainer(nested(MAX_NESTING)));
    assert.equal(loaded.config.image, 'x');
    assert.equal(errorOf(parseJsonc('f', nested(MAX_NESTING + 1))).line, 3);
  });

  test('brackets inside strings and comments do not count', () => {
    const text = `{ "image": "x", "name": "${'['.repeat(200)}" /* ${'{'.repeat(200)} */ }`;
    assert.equal(okValue(parseJsonc('f', text)).value && 'parsed', 'parsed');
  });

  test('an image label nested 10,000 deep is dropped, its other entries kept', () => {
    const deep = JSON.stringify([{ remoteUser: 'img' }]).replace(']', `,{"customizations":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}]`);
    const entries = parseMetadataLabel(deep);
    assert.deepEqual(entries, [{ remoteUser: 'img' }]);
    assert.equal(mergeMetadata({ image: 'x' }, entries).remoteUser, 'img');
  });
});

describe('UTF-8', () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

  test('an invalid byte in a hook name is an error at its line and column, not an unknown property', () => {
    const ws = devcontainer('{}');
    writeFileSync(configOf(ws), bytes('{\n  "image": "x",\n  "post', [0xff], 'CreateCommand": "make"\n}\n'));
    const e = loadError(ws);
    assert.deepEqual([e.line, e.column], [3, 8]);
    assert.equal(e.message, 'the file is not valid UTF-8: byte 0xff at byte offset 25 does not begin a valid UTF-8 character');
    assert.match(e.fix!, /Save the file as UTF-8/);
  });

  test('columns count characters, after a byte-order mark, and a truncated sequence is found at its start', () => {
    const ws = devcontainer('{}');
    writeFileSync(configOf(ws), bytes([0xef, 0xbb, 0xbf], '{ "name": "été ', [0xe2, 0x28], '", "image": "x" }'));
    const e = loadError(ws);
    assert.deepEqual([e.line, e.column], [1, 16]);
    assert.match(e.message, /byte 0xe2 at byte offset 20/);
  });

  test('a byte-order mark, non-ASCII text and a real U+FFFD are accepted', () => {
    const ws = devcontainer('\ufeff{ "image": "x", "name": "café \ufffd 🚢" }');
    assert.equal(okValue(readJsonc(configOf(ws))).value && load(ws).config.name, 'café \ufffd 🚢');
  });
});

describe('cost', () => {
  test('locating thousands of unknown properties is linear, not quadratic', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `"k${i}": 0`);
    const ws = devcontainer(`{"image": "x",\n${keys.join(',\n')}}`);
    const started = performance.now();
    const loaded = load(ws);
    // Quadratic look-ups took seconds here.
    assert.ok(performance.now() - started < 1000, `${Math.round(performance.now() - started)} ms`);
    assert.equal(loaded.warnings.length, 4000);
    assert.deepEqual([loaded.warnings[1].line, loaded.warnings[1].column], [3, 1]);
  });
});
