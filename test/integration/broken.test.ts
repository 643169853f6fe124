// Every broken input: exit 1, one message naming where, and nothing created.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { berth, containersOf, docker } from '../support/cli';
import { cleanupWorkspaces, workspace } from '../support/workspace';
import { BROKEN_CASES } from './brokenCases';

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

  test(`the corpus has at least 30 cases (${BROKEN_CASES.length})`, () => {
    assert.ok(BROKEN_CASES.length >= 30);
  });

  for (const c of BROKEN_CASES) {
    test(c.name, async () => {
      const files = Object.fromEntries(Object.entries(c.files).map(([p, v]) => [p === 'devcontainer.json' ? '.devcontainer/devcontainer.json' : p, v]));
      const ws = workspace(files);
      const r = await berth(['up', '--workspace-folder', ws, ...(c.args ?? []).map((a) => a.replace('{ws}', ws))], { env: c.env });
      assert.equal(r.code, 1, `expected exit 1:\n${r.stdout}\n${r.stderr}`);
      assert.equal(r.json.outcome, 'error');
      for (const re of c.expect) assert.match(r.json.message!, re);
      assert.doesNotMatch(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
      assert.deepEqual(containersOf(ws), [], 'no container was created');
    });
  }

  test('nothing was created on the way: no image, no volume', () => {
    assert.equal(images(), imagesBefore);
    assert.equal(volumes(), volumesBefore);
  });
});
