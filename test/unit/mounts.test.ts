import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMount, mountFromObject, parseMountString, parseVolumeFlag, splitMountFields, substituteMountFields } from '../../runtime-helper/config/mounts';

const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? '' : r.error!.message);

describe('mounts', () => {
  test('the --mount string form, with its aliases', () => {
    assert.deepEqual(parseMountString('type=bind,source=/a,target=/b,readonly'), { ok: true, value: { Type: 'bind', Source: '/a', Target: '/b', ReadOnly: true } });
    assert.deepEqual(parseMountString('src=vol,dst=/data,consistency=cached'), { ok: true, value: { Type: 'volume', Source: 'vol', Target: '/data', Consistency: 'cached' } });
    assert.deepEqual(parseMountString('type=tmpfs,destination=/t,tmpfs-size=64m,tmpfs-mode=1770'), { ok: true, value: { Type: 'tmpfs', Source: '', Target: '/t', TmpfsOptions: { SizeBytes: 64 * 1024 ** 2, Mode: 0o1770 } } });
    assert.deepEqual(parseMountString('target=/v,ro=false,volume-nocopy,volume-opt=o=1,volume-label=a=b'), { ok: true, value: { Type: 'volume', Source: '', Target: '/v', ReadOnly: false, VolumeOptions: { NoCopy: true, DriverConfig: { Name: '', Options: { o: '1' } }, Labels: { a: 'b' } } } });
  });

  test('fields are CSV, as docker reads them: a quoted field holds commas, quotes doubled', () => {
    assert.deepEqual(splitMountFields('type=bind,"source=/a,b=c",target=/x'), { ok: true, value: ['type=bind', 'source=/a,b=c', 'target=/x'] });
    assert.deepEqual(splitMountFields('"source=/say ""hi""",target=/x'), { ok: true, value: ['source=/say "hi"', 'target=/x'] });
    assert.deepEqual(splitMountFields('"source=/a\nb",target=/x'), { ok: true, value: ['source=/a\nb', 'target=/x'] });
    assert.deepEqual(splitMountFields('a,,b,'), { ok: true, value: ['a', '', 'b', ''] });
    assert.deepEqual(parseMountString('type=bind,"source=/w/proj,src=/etc",target=/w'), { ok: true, value: { Type: 'bind', Source: '/w/proj,src=/etc', Target: '/w' } });
  });

  test('bad CSV is an error, never a guess', () => {
    assert.match(message(splitMountFields('source=/a"b,target=/x')), /a bare " in an unquoted field/);
    assert.match(message(splitMountFields('"source=/a,target=/x')), /unterminated quoted field/);
    assert.match(message(splitMountFields('"source=/a"x,target=/x')), /a quoted field must end at a comma .*position 12/);
    assert.match(message(splitMountFields('source=/a\nb,target=/x')), /a line break in an unquoted field/);
  });

  test('a substituted value stays one field, whatever it holds', () => {
    const hostile = '/tmp/proj,src=/some/dir';
    const sub = (s: string) => s.replace('${localWorkspaceFolder}', hostile);
    const spec = substituteMountFields('source=${localWorkspaceFolder},target=/w,type=bind', sub);
    assert.deepEqual(spec, { ok: true, value: '"source=/tmp/proj,src=/some/dir",target=/w,type=bind' });
    assert.deepEqual(parseMountString(spec.ok ? spec.value : ''), { ok: true, value: { Type: 'bind', Source: hostile, Target: '/w' } });
    const quoted = substituteMountFields('source=${localWorkspaceFolder},target=/w', (s) => s.replace('${localWorkspaceFolder}', '/a "b"'));
    assert.deepEqual(parseMountString(quoted.ok ? quoted.value : ''), { ok: true, value: { Type: 'volume', Source: '/a "b"', Target: '/w' } });
  });

  test('formatMount writes what parses back to the same mount', () => {
    for (const source of ['/plain', '/a,b', '/q"uote', '/eq=ual', '/new\nline']) {
      const m = { Type: 'bind' as const, Source: source, Target: `/w${source}`, ReadOnly: true };
      assert.deepEqual(parseMountString(formatMount(m)), { ok: true, value: m });
    }
    assert.equal(formatMount({ Type: 'bind', Source: '/ws', Target: '/workspaces/ws' }), 'type=bind,source=/ws,target=/workspaces/ws');
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
    assert.match(message(parseMountString('type=nfs,target=/x')), /type "nfs" is not one of bind, volume, tmpfs/);
    assert.match(message(parseMountString('type=bind,target=/x')), /has no source/);
    assert.match(message(parseMountString('source=a')), /has no target/);
    assert.match(message(parseMountString('type=bind,source=/a,target=/b,colour=red')), /unknown mount option "colour"/);
    assert.match(message(parseMountString('type=bind,source=/a,target=/b,')), /the field "" .* is not a key=value pair/);
    assert.match(message(parseMountString('type=bind,source=/a,target=/b,ro=maybe')), /invalid value for ro: "maybe"/);
    assert.match(message(parseMountString('type=bind,source=/a,target=/b,tmpfs-size=1m')), /mixes tmpfs-\* options with a bind mount/);
    assert.match(message(parseMountString('type=tmpfs,target=/b,tmpfs-size=big')), /invalid value for tmpfs-size: "big"/);
    assert.match(message(mountFromObject({ type: 'bind', target: '/x' })), /has no source/);
  });
});
