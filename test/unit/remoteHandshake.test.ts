// VS Code's remote protocol framing as Berth's handshake reads it, and how refusals read to a user.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frame, readFrames, refusal } from '../../runtime-helper/vscodeServer/handshake';

test('frames: a 13-byte header (type, id, ack, length), read whole even when split anywhere', () => {
  const one = frame(2, Buffer.from('{"type":"sign"}'));
  assert.equal(one.length, 13 + 15);
  assert.equal(one.readUInt8(0), 2);
  assert.equal(one.readUInt32BE(9), 15);
  const both = Buffer.concat([one, frame(2, Buffer.from('{"type":"ok"}'))]);
  for (let cut = 0; cut <= both.length; cut++) {
    const first = readFrames(both.subarray(0, cut));
    const second = readFrames(Buffer.concat([first.rest, both.subarray(cut)]));
    assert.deepEqual([...first.messages, ...second.messages].map((m) => m.body.toString()), ['{"type":"sign"}', '{"type":"ok"}'], `cut at ${cut}`);
    assert.equal(second.rest.length, 0);
  }
});

test('refusals: version and auth mismatch are named with what to do; anything else keeps the server\'s words', () => {
  const version = refusal('Client refused: version mismatch', 'abcdef0123456789');
  assert.match(version.message, /build abcdef0123 \(version mismatch\)/);
  assert.ok(version.fix);
  const auth = refusal('Unauthorized client refused: auth mismatch', 'abc');
  assert.match(auth.message, /connection token \(auth mismatch\)/);
  assert.ok(auth.fix);
  assert.match(refusal('Duplicate reconnection token', 'abc').message, /refused the connection: Duplicate reconnection token$/);
});
