import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerSummary, ImageSummary } from '../../runtime-helper/rpc/protocol';
import { formatBytes, formatMs } from '../../src/format';
import { containerContext, debounce, describeVolume, groupContainers, groupImages, stateIcon } from '../../src/tree/grouping';

const container = (name: string, extra: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: `${name}-id`, name, image: 'img', state: 'running', status: 'Up', created: 0, labels: {}, ports: [], ...extra,
});

describe('tree grouping', () => {
  test("a compose dev container sits with its project's other services", () => {
    const groups = groupContainers([container('shop_db_1', { composeProject: 'shop' }), container('shop_app_1', { composeProject: 'shop', localFolder: '/src/shop' })]);
    assert.deepEqual(groups.map((g) => [g.kind, g.label, g.items.map((c) => c.name)]), [['compose', 'shop', ['shop_app_1', 'shop_db_1']]]);
  });

  test('dev containers by workspace first, then compose projects, then the rest', () => {
    const groups = groupContainers([
      container('loose'),
      container('db', { composeProject: 'shop' }),
      container('dev-b', { localFolder: '/src/b' }),
      container('dev-a', { localFolder: '/src/a' }),
    ]);
    assert.deepEqual(groups.map((g) => [g.kind, g.label, g.items.map((c) => c.name)]), [
      ['devcontainer', 'a', ['dev-a']],
      ['devcontainer', 'b', ['dev-b']],
      ['compose', 'shop', ['db']],
      ['other', 'Other containers', ['loose']],
    ]);
  });

  test('images by repository with dangling ones last', () => {
    const img = (id: string, repoTags: string[]): ImageSummary => ({ id, repoTags, size: 1, created: 0, dangling: repoTags.length === 0 });
    const groups = groupImages([img('sha256:aaaaaaaaaaaaaaaa', []), img('sha256:b', ['debian:bookworm', 'debian:12']), img('sha256:c', ['127.0.0.1:5000/x/y:1'])]);
    assert.deepEqual(groups.map((g) => [g.label, g.items.map((i) => i.tag)]), [
      ['127.0.0.1:5000/x/y', ['1']],
      ['debian', ['bookworm', '12']],
      ['<none>', ['aaaaaaaaaaaa']],
    ]);
    // Each row removes by its own reference, not the image's first tag.
    assert.deepEqual(groups[1].items.map((i) => i.ref), ['debian:bookworm', 'debian:12']);
    assert.equal(groups[2].items[0].ref, 'sha256:aaaaaaaaaaaaaaaa');
  });

  test('sizes, icons and the contextValue the menus match on', () => {
    assert.equal(formatBytes(213_000_000), '213 MB');
    assert.equal(formatBytes(1_500), '1.5 KB');
    assert.equal(formatBytes(undefined), '');
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatMs(310), '310 ms');
    assert.equal(formatMs(2_049), '2.0 s');
    assert.equal(stateIcon('running'), 'vm-running');
    assert.equal(stateIcon('exited'), 'vm-outline');
    assert.equal(containerContext(container('x', { ports: [{ containerPort: 80, hostPort: 8080 }] })), 'container;running;ports;');
    assert.equal(containerContext(container('x', { state: 'exited' })), 'container;exited;');
  });

  test('volumes show size and users; unused ones are marked for the prune and remove menus', () => {
    const volume = { name: 'cache', driver: 'local', mountpoint: '/var/lib/docker/volumes/cache/_data' };
    assert.deepEqual(describeVolume({ ...volume, size: 2_500_000, usedBy: ['web', 'worker'] }), { description: '2.5 MB · used by web, worker', contextValue: 'volume;used' });
    assert.deepEqual(describeVolume({ ...volume, usedBy: [] }), { description: 'unused', contextValue: 'volume;unused' });
  });

  test('debounce collapses a burst into one call', async () => {
    let calls = 0;
    const d = debounce(() => calls++, 20);
    for (let i = 0; i < 50; i++) d();
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(calls, 1);
  });
});
