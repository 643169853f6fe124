import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripAnsi } from '../../runtime-helper/util/ansi';

test('terminal escapes go, the text stays', () => {
  assert.equal(stripAnsi('\u001b[1;31merror:\u001b[0m failed'), 'error: failed');
  assert.equal(stripAnsi('\u001b[91mon stderr\n\u001b[0m'), 'on stderr\n');
  assert.equal(stripAnsi('\u001b[2K\u001b[1Gprogress 50%'), 'progress 50%');
  assert.equal(stripAnsi('\u001b]0;title\u0007text \u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\'), 'text link');
  assert.equal(stripAnsi('plain [1/2] text \\033[31m'), 'plain [1/2] text \\033[31m');
});
