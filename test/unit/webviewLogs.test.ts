import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LogLine } from '../../runtime-helper/rpc/protocol';
import { LineStore, visibleWindow } from '../../webview/logs/lineStore';

const lines = (n: number, from = 0): LogLine[] => Array.from({ length: n }, (_, i) => ({ time: `t${from + i}`, stream: 'stdout', text: `line ${from + i}${(from + i) % 1000 === 0 ? ' ERROR boom' : ''}` }));

describe('log viewer store', () => {
  test('search counts matching lines, case-insensitively, and keeps counting as lines arrive', () => {
    const s = new LineStore();
    s.append(lines(5000));
    assert.equal(s.search('error'), 5);
    s.append(lines(1000, 5000));
    assert.equal(s.matches.length, 6);
  });

  test('filtering maps rows to matching lines; next and previous wrap around', () => {
    const s = new LineStore();
    s.append(lines(3000));
    s.search('ERROR');
    assert.equal(s.visibleCount(true), 3);
    assert.equal(s.visibleCount(false), 3000);
    assert.equal(s.lineAt(1, true), 1000);
    assert.equal(s.rowOf(2000, true), 2);
    assert.equal(s.nextMatch(1000), 2000);
    assert.equal(s.nextMatch(2000), 0);
    assert.equal(s.nextMatch(0, true), 2000);
  });

  test('a million lines: searching and filtering stay correct', () => {
    const s = new LineStore();
    for (let i = 0; i < 1_000_000; i += 100_000) s.append(lines(100_000, i));
    assert.equal(s.length, 1_000_000);
    assert.equal(s.search('boom'), 1000);
    assert.equal(s.lineAt(999, true), 999_000);
    assert.equal(s.search(''), 0);
    assert.equal(s.visibleCount(true), 1_000_000);
  });

  test('only the rows on screen are rendered', () => {
    assert.deepEqual(visibleWindow(0, 180, 18, 1_000_000), { first: 0, count: 11 });
    assert.deepEqual(visibleWindow(18 * 999_995, 180, 18, 1_000_000), { first: 999_995, count: 5 });
    assert.deepEqual(visibleWindow(0, 180, 18, 0), { first: 0, count: 0 });
  });
});
