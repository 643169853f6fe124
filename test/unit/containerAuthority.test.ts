// The desktop route's remote authority and the argv.json line Berth names when the editor does not enable its resolver.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { argvLine, AUTHORITY_PREFIX, containerAuthority, EXTENSION_ID, workspaceOfAuthority } from '../../src/remote/containerAuthority';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Record<string, unknown>;

test('an authority names its workspace folder, any characters included, and only Berth\'s authorities name one', () => {
  for (const folder of ['/home/me/project', '/tmp/with space/ü+:@', '/']) {
    const authority = containerAuthority(folder);
    assert.match(authority, /^berth-container\+[0-9a-f]+$/);
    assert.equal(workspaceOfAuthority(authority), folder);
  }
  assert.equal(workspaceOfAuthority('ssh-remote+host'), undefined);
  assert.equal(workspaceOfAuthority('berth-container+abc'), undefined);
});

test('the argv.json line names this extension; the manifest declares the proposal, its activation and a host-side extensionKind', () => {
  assert.equal(EXTENSION_ID, `${manifest.publisher}.${manifest.name}`);
  assert.equal(argvLine(EXTENSION_ID), '"enable-proposed-api": ["berth.berth"]');
  assert.deepEqual(manifest.enabledApiProposals, ['resolvers']);
  assert.ok((manifest.activationEvents as string[]).includes(`onResolveRemoteAuthority:${AUTHORITY_PREFIX}`));
  assert.deepEqual(manifest.extensionKind, ['ui', 'workspace']);
});
