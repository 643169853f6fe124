// Every broken input: exit 1, one message naming where, and nothing created.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BROKEN_CASES, filesOf, missingFrom } from '../fixtures/broken/corpus';
import { berth, containersOf, docker } from '../support/cli';
import { cleanupWorkspaces, workspace } from '../support/workspace';

after(cleanupWorkspaces);

const images = () => docker('images', '-aq', '--no-trunc').split('\n').sort().join('\n');
const volumes = () => docker('volume', 'ls', '-q').split('\n').sort().join('\n');

describe('broken inputs', () => {
  let imagesBefore = '';
  let volumesBefore = '';
  before(() => {
    imagesBefore = images();
    volumesBefore = volumes();
  });

  test(`the corpus has at least 60 cases (${BROKEN_CASES.length})`, () => {
    assert.ok(BROKEN_CASES.length >= 60);
  });

  for (const c of BROKEN_CASES) {
    test(c.name, async () => {
      const ws = workspace(filesOf(c));
      const r = await berth(['up', '--workspace-folder', ws, ...(c.args ?? []).map((a) => a.replace('{ws}', ws))], { env: c.env });
      assert.equal(r.code, 1, `expected exit 1:\n${r.stdout}\n${r.stderr}`);
      assert.equal(r.json.outcome, 'error');
      assert.deepEqual(missingFrom(r.json.message!, c), [], r.json.message);
      assert.doesNotMatch(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
      assert.deepEqual(containersOf(ws), [], 'no container was created');
    });
  }

  test('nothing was created on the way: no image, no volume', () => {
    assert.equal(images(), imagesBefore);
    assert.equal(volumes(), volumesBefore);
  });
});
