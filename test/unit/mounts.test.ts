import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mountFromObject, parseMountString, parseVolumeFlag } from '../../runtime-helper/engine/mounts';

describe('mounts', () => {
  test('the --mount string form, with its aliases', () => {
    assert.deepEqual(parseMountString('type=bind,source=/a,target=/b,readonly'), { ok: true, value: { Type: 'bind', Source: '/a', Target: '/b', ReadOnly: true } });
    assert.deepEqual(parseMountString('src=vol,dst=/data,consistency=cached'), { ok: true, value: { Type: 'volume', Source: 'vol', Target: '/data' } });
    assert.deepEqual(parseMountString('type=tmpfs,destination=/t,tmpfs-size=1024'), { ok: true, value: { Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1024, Mode: 0o1777 } } });
  });

  test('the object form', () => {
    assert.deepEqual(mountFromObject({ type: 'volume', source: 'v', target: '/v' }), { ok: true, value: { Type: 'volume', Source: 'v', Target: '/v', ReadOnly: undefined } });
  });

  test('-v: absolute sources bind, names are volumes, a lone path is anonymous', () => {
    assert.deepEqual(parseVolumeFlag('/h:/c'), { ok: true, value: { Type: 'bind', Source: '/h', Target: '/c', ReadOnly: false } });
    assert.deepEqual(parseVolumeFlag('named:/c:ro'), { ok: true, value: { Type: 'volume', Source: 'named', Target: '/c', ReadOnly: true } });
    assert.deepEqual(parseVolumeFlag('/anon'), { ok: true, value: { Type: 'volume', Source: '', Target: '/anon' } });
  });

  test('errors say what is wrong', () => {
    const msg = (r: ReturnType<typeof parseMountString>) => (r.ok ? '' : r.error.message);
    assert.match(msg(parseMountString('type=nfs,target=/x')), /type "nfs" is not one of bind, volume, tmpfs/);
    assert.match(msg(parseMountString('type=bind,target=/x')), /has no source/);
    assert.match(msg(parseMountString('source=a')), /has no target/);
    assert.match(msg(parseMountString('type=bind,source=/a,target=/b,colour=red')), /unknown mount option "colour"/);
    assert.match(msg(mountFromObject({ type: 'bind', target: '/x' })), /has no source/);
  });
});
