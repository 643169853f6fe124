import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeMetadata, metadataEntryFor, metadataLabelFor, parseMetadataLabel } from '../../runtime-helper/config/metadata';

describe('image metadata', () => {
  test('a label is an array of entries or one object; garbage is none', () => {
    assert.deepEqual(parseMetadataLabel('[{"remoteUser":"a"},{"init":true}]'), [{ remoteUser: 'a' }, { init: true }]);
    assert.deepEqual(parseMetadataLabel('{"remoteUser":"a"}'), [{ remoteUser: 'a' }]);
    for (const garbage of [undefined, '', 'not json', '42', '"s"', 'null', '[1, "x", null, []]']) assert.deepEqual(parseMetadataLabel(garbage), [], String(garbage));
  });

  test('spec properties of the wrong shape are dropped from a label; others are kept', () => {
    const [entry] = parseMetadataLabel(JSON.stringify([{ remoteUser: 5, containerEnv: 'A=1', capAdd: ['X'], id: 'ghcr.io/f/node:1', entrypoint: '/x.sh' }]));
    assert.deepEqual(entry, { capAdd: ['X'], id: 'ghcr.io/f/node:1', entrypoint: '/x.sh' });
  });

  test('merge: image entries first, the config last', () => {
    const image = parseMetadataLabel(
      JSON.stringify([
        { remoteUser: 'vscode', containerUser: 'root', capAdd: ['SYS_PTRACE'], securityOpt: ['seccomp=unconfined'], init: true, containerEnv: { A: '1', B: '1' }, remoteEnv: { R: 'img' } },
        { postCreateCommand: 'from-image', onCreateCommand: ['a', 'b'], mounts: ['type=volume,source=v1,target=/data', 'type=volume,source=keep,target=/keep'], forwardPorts: [3000], portsAttributes: { '3000': { label: 'img' }, '9000': { label: 'nine' } } },
        { privileged: true, shutdownAction: 'none', userEnvProbe: 'loginShell', updateRemoteUserUID: false, overrideCommand: false, waitFor: 'onCreateCommand' },
      ]),
    );
    const merged = mergeMetadata(
      {
        image: 'x',
        runArgs: ['--init'],
        capAdd: ['SYS_PTRACE', 'NET_ADMIN'],
        containerEnv: { B: '2' },
        remoteEnv: { R: 'cfg', S: null },
        remoteUser: 'dev',
        init: false,
        privileged: false,
        postCreateCommand: ['from', 'config'],
        postStartCommand: 'start',
        mounts: [{ type: 'volume', source: 'v2', target: '/data' }],
        forwardPorts: [3000, 4000],
        portsAttributes: { '3000': { label: 'cfg' } },
        userEnvProbe: 'none',
      },
      image,
    );
    assert.equal(merged.image, 'x');
    assert.deepEqual(merged.runArgs, ['--init']);
    // last value wins
    assert.equal(merged.remoteUser, 'dev');
    assert.equal(merged.containerUser, 'root');
    assert.equal(merged.shutdownAction, 'none');
    assert.equal(merged.userEnvProbe, 'none');
    assert.equal(merged.updateRemoteUserUID, false);
    assert.equal(merged.overrideCommand, false);
    assert.equal(merged.waitFor, 'onCreateCommand');
    // true if any entry says so
    assert.equal(merged.init, true);
    assert.equal(merged.privileged, true);
    // unions
    assert.deepEqual(merged.capAdd, ['SYS_PTRACE', 'NET_ADMIN']);
    assert.deepEqual(merged.securityOpt, ['seccomp=unconfined']);
    assert.deepEqual(merged.forwardPorts, [3000, 4000]);
    // per key, later wins
    assert.deepEqual(merged.containerEnv, { A: '1', B: '2' });
    assert.deepEqual(merged.remoteEnv, { R: 'cfg', S: null });
    assert.deepEqual(merged.portsAttributes, { '3000': { label: 'cfg' }, '9000': { label: 'nine' } });
    // mounts collected, the later one on a target wins
    assert.deepEqual(merged.mounts, [{ type: 'volume', source: 'v2', target: '/data' }, 'type=volume,source=keep,target=/keep']);
    // every hook runs: image first, config last
    assert.deepEqual(merged.hooks, {
      onCreateCommand: [{ command: ['a', 'b'] }],
      updateContentCommand: [],
      postCreateCommand: [{ command: 'from-image' }, { command: ['from', 'config'] }],
      postStartCommand: [{ command: 'start' }],
      postAttachCommand: [],
    });
    assert.equal('postCreateCommand' in merged, false);
  });

  test('customizations are collected per tool; hostRequirements take the largest', () => {
    const merged = mergeMetadata(
      { image: 'x', customizations: { vscode: { extensions: ['b.b'] } }, hostRequirements: { cpus: 2, memory: '4gb', gpu: 'optional' } },
      [{ customizations: { vscode: { extensions: ['a.a'] }, other: { x: 1 } }, hostRequirements: { cpus: 4, memory: '512mb', storage: '1tb', gpu: false } }],
    );
    assert.deepEqual(merged.customizations, { vscode: [{ extensions: ['a.a'] }, { extensions: ['b.b'] }], other: [{ x: 1 }] });
    assert.deepEqual(merged.hostRequirements, { cpus: 4, memory: '4gb', storage: '1tb', gpu: 'optional' });
  });

  test('nothing merged stays unset', () => {
    const merged = mergeMetadata({ image: 'x' }, []);
    assert.deepEqual([merged.capAdd, merged.mounts, merged.containerEnv, merged.init, merged.customizations], [undefined, undefined, undefined, undefined, undefined]);
  });

  test('the label Berth writes holds the image entries then the config entry, which keeps only label properties', () => {
    const config = { image: 'x', name: 'n', runArgs: ['--init'], remoteUser: 'dev', postStartCommand: 'go', forwardPorts: [1] };
    assert.deepEqual(metadataEntryFor(config), { remoteUser: 'dev', forwardPorts: [1], postStartCommand: 'go' });
    assert.deepEqual(JSON.parse(metadataLabelFor(config)), [{ remoteUser: 'dev', forwardPorts: [1], postStartCommand: 'go' }]);
    const label = metadataLabelFor(config, [{ init: true }]);
    assert.deepEqual(parseMetadataLabel(label), [{ init: true }, { remoteUser: 'dev', forwardPorts: [1], postStartCommand: 'go' }]);
    // Merging the stored label again gives the same result as the first time.
    assert.deepEqual(mergeMetadata(config, parseMetadataLabel(label).slice(0, -1)), mergeMetadata(config, [{ init: true }]));
  });
});
