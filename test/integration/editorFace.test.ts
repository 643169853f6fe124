// What the helper does for the editor face, with the real engine: live stats of running
// containers only while a client subscribes, and shutdownAction when the last window on a
// folder closes (after a grace period a reload fits in).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { connectHelper } from '../../runtime-helper/rpc/client';
import type { ContainerStats } from '../../runtime-helper/rpc/protocol';
import { BERTH, docker, stopHelper, testEnv } from '../support/cli';
import { waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

const envs: NodeJS.ProcessEnv[] = [];
function privateEnv(): NodeJS.ProcessEnv {
  const env = { ...testEnv, BERTH_HELPER_DIR: join(mkdtempSync(join(tmpdir(), 'berth-h-')), 'helper') };
  envs.push(env);
  return env;
}

async function connect(env: NodeJS.ProcessEnv) {
  const r = await connectHelper({ clientName: 'test', helperScript: BERTH, env });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

const running = (id: string) => docker('inspect', '-f', '{{.State.Running}}', id) === 'true';

after(() => {
  cleanupWorkspaces();
  for (const env of envs) stopHelper(env);
});

describe('live container stats', () => {
  test('samples of a busy container as docker stats computes them, and none after unsubscribing', async () => {
    const id = docker('run', '-d', '--memory', '64m', '--label', 'berth.test=1', BASE_IMAGE, 'sh', '-c', 'while :; do :; done');
    try {
      const client = await connect(privateEnv());
      const samples: ContainerStats[] = [];
      client.onNotification('stats.data', (p) => p.stats.id === id && samples.push(p.stats));
      const { subscriptionId } = await client.request('stats.subscribe', {});
      await waitFor('two samples', async () => (samples.length >= 2 ? true : undefined), 15_000);
      const last = samples[samples.length - 1];
      assert.ok(last.cpuPercent > 20, `a busy loop uses CPU: ${last.cpuPercent}%`);
      assert.equal(last.memoryLimit, 64 * 1024 * 1024, 'the limit is the container’s');
      assert.ok(last.memoryUsed > 0 && last.memoryUsed < last.memoryLimit);
      await client.request('stats.unsubscribe', { subscriptionId });
      const count = samples.length;
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(samples.length, count, 'no samples once unsubscribed');
      client.dispose();
    } finally {
      docker('rm', '-f', id);
    }
  });

  test("one container's stats (its chart): no samples of the others", async () => {
    const [one, other] = [0, 1].map(() => docker('run', '-d', '--label', 'berth.test=1', BASE_IMAGE, 'sleep', '60'));
    try {
      const client = await connect(privateEnv());
      const seen = new Set<string>();
      client.onNotification('stats.data', (p) => seen.add(p.stats.id));
      const { subscriptionId } = await client.request('stats.subscribe', { containerId: one });
      await waitFor('a sample of the one', async () => (seen.has(one) ? true : undefined), 15_000);
      // The other's first sample would have come within the same second or two.
      await new Promise((r) => setTimeout(r, 2500));
      assert.deepEqual([...seen], [one]);
      await client.request('stats.unsubscribe', { subscriptionId });
      client.dispose();
    } finally {
      docker('rm', '-f', one, other);
    }
  });

  test('a container that stops ends its stats', async () => {
    const id = docker('run', '-d', '--label', 'berth.test=1', BASE_IMAGE, 'sleep', '60');
    try {
      const client = await connect(privateEnv());
      const ended: string[] = [];
      let samples = 0;
      client.onNotification('stats.data', (p) => p.stats.id === id && samples++);
      client.onNotification('stats.end', (p) => ended.push(p.id));
      await client.request('stats.subscribe', {});
      await waitFor('a sample', async () => (samples ? true : undefined), 15_000);
      docker('stop', '-t', '0', id);
      await waitFor('the end of its stats', async () => (ended.includes(id) ? true : undefined), 15_000);
      client.dispose();
    } finally {
      docker('rm', '-f', id);
    }
  });
});

describe('shutdownAction when the window closes', () => {
  const up = async (env: NodeJS.ProcessEnv) => {
    const ws = devcontainer({ image: BASE_IMAGE });
    const client = await connect(env);
    const r = await client.request('up', { workspaceFolder: ws });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return { ws, client, id: r.value.containerId };
  };

  test('the last window closing stops the container after the grace period', async () => {
    const { ws, client, id } = await up(privateEnv());
    await client.request('window.attachment', { workspaceFolder: ws });
    const r = await client.request('window.closing', { workspaceFolder: ws, delayMs: 500 });
    assert.equal(r.downScheduled, true);
    client.dispose();
    await waitFor('the container to stop', async () => (running(id) ? undefined : true), 20_000);
  });

  test('a window that attaches again within the grace period (a reload) keeps it running', async () => {
    const env = privateEnv();
    const { ws, client, id } = await up(env);
    await client.request('window.attachment', { workspaceFolder: ws });
    await client.request('window.closing', { workspaceFolder: ws, delayMs: 1000 });
    client.dispose();
    const reloaded = await connect(env);
    await reloaded.request('window.attachment', { workspaceFolder: ws });
    await new Promise((r) => setTimeout(r, 2500));
    assert.ok(running(id), 'still running after the grace period');
    reloaded.dispose();
  });

  test('another window on the same container keeps it running', async () => {
    const env = privateEnv();
    const { ws, client, id } = await up(env);
    const other = await connect(env);
    await client.request('window.attachment', { workspaceFolder: ws });
    await other.request('window.attachment', { workspaceFolder: ws });
    const r = await client.request('window.closing', { workspaceFolder: ws, delayMs: 300 });
    assert.equal(r.downScheduled, false);
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(running(id));
    client.dispose();
    other.dispose();
  });
});
