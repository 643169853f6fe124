// Forwarding through the exec relay (servers bound to 127.0.0.1 inside the container), on
// an image with nothing but a shell (no busybox, socat or nc) and on one with socat: the cases
// every forwarding path passes (test/support/forwardCases.ts), then what only the relay can meet.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { engine } from '../../runtime-helper/engine/docker';
import { ForwardManager } from '../../runtime-helper/forward/forwardManager';
import type { PortForward } from '../../runtime-helper/rpc/protocol';
import { berth, docker, dockerQuietly } from '../support/cli';
import { CLOSE, exchange, FLOOD, forwardingCases, forwardOn, SERVER } from '../support/forwardCases';
import { ports, waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

forwardingCases({
  name: 'relay, on an image with only a shell (no busybox, socat or nc)',
  path: 'relay',
  bind: '127.0.0.1',
  dockerfile: `FROM ${BASE_IMAGE}\nRUN dpkg --purge busybox && ! command -v busybox && ! command -v socat && ! command -v nc\n`,
  concurrent: 500,
});
forwardingCases({
  name: 'relay, on an image with socat',
  path: 'relay',
  bind: '127.0.0.1',
  dockerfile: `FROM ${BASE_IMAGE}\nRUN apt-get update && apt-get install -y --no-install-recommends socat && rm -rf /var/lib/apt/lists/*\n`,
  concurrent: 500,
});

const relayed = (ws: string, port: number) => forwardOn(ws, port, 'relay');

describe('relay, where it cannot be placed', () => {
  test('the forward says why, and a client is closed at once instead of left waiting', async () => {
    const ws = devcontainer(
      { build: { dockerfile: 'Dockerfile' }, postStartCommand: `nohup perl server.pl close ${CLOSE} >/tmp/server.log 2>&1 &` },
      {
        // Where Berth puts its relay is a file in this image, so the copy fails.
        '.devcontainer/Dockerfile': `FROM ${BASE_IMAGE}\nRUN rm -rf /usr/local/libexec && touch /usr/local/libexec\n`,
        'server.pl': SERVER,
      },
    );
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const image = JSON.parse(docker('inspect', r.json.containerId!))[0].Config.Image;
    try {
      // Shown as soon as the forward is, before anyone connects.
      const f = await waitFor('the reason on the forward', async () => (await ports(ws)).find((p) => p.containerPort === CLOSE && p.error)).catch(async (e: Error) => {
        throw new Error(`${e.message}; the forwards: ${JSON.stringify(await ports(ws))}`);
      });
      assert.match(f.error!, /^port 7601: Berth's relay cannot run in this container: copying it to \/usr\/local\/libexec\/berth failed: .*not a directory/);
      const started = performance.now();
      const { reply } = await exchange(await relayed(ws, CLOSE), undefined, 5000);
      assert.equal(reply.length, 0);
      assert.ok(performance.now() - started < 3000, `closed after ${(performance.now() - started).toFixed(0)} ms`);
    } finally {
      await berth(['down', '--workspace-folder', ws, '--remove']);
      docker('rmi', image);
    }
  });

  test('the reason stays when the engine reports the same start again, as Podman does after `up`', async () => {
    // A helper's forwards of this container, in this process: the test tells them of the start
    // again, as the helper does when Podman's start event arrives after `up` set them up.
    const name = `berth-relay-unplaceable-${process.pid}`;
    const id = docker('run', '-d', '--name', name, '-e', `SERVER=${SERVER}`, BASE_IMAGE, 'sh', '-c', `rm -rf /usr/local/libexec && touch /usr/local/libexec && exec perl -e "$SERVER" close ${CLOSE}`);
    let shown: PortForward[] = [];
    const manager = new ForwardManager({ engine: engine(), reach: await engine().description(), workspaceFolder: '/nowhere', containerId: id, onChange: (ports) => (shown = ports) });
    try {
      await manager.start();
      const reason = async () => shown.find((p) => p.containerPort === CLOSE && p.path === 'relay')?.error;
      // Whichever reason: run from the source, this process has no relay program to copy either.
      assert.match(await waitFor('the reason on the forward', reason), /^port 7601: Berth's relay cannot run in this container: /);
      await manager.containerStarted();
      // Detection started again would report the port within its first look, and wipe the reason.
      await new Promise((r) => setTimeout(r, 1000));
      assert.match((await reason()) ?? 'no reason', /^port 7601: Berth's relay cannot run in this container: /);
    } finally {
      manager.dispose();
      dockerQuietly('rm', '-f', name);
    }
  });
});

describe('relay, when it dies or is replaced', () => {
  test('open connections end at once, a foreign program is refused without harm, and the next connection works', async () => {
    const ws = devcontainer({ image: BASE_IMAGE, postStartCommand: `nohup perl server.pl flood ${FLOOD} >/tmp/server.log 2>&1 &` }, { 'server.pl': SERVER });
    writeFileSync(join(ws, 'mib.bin'), randomBytes(1024 * 1024));
    const r = await berth(['up', '--workspace-folder', ws]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const id = r.json.containerId!;
    const helperPid = (await berth(['helper', 'status'])).json.pid;
    const to = await relayed(ws, FLOOD);
    // Kills the relay (there is no pkill in the image); `$1` is the file to leave in its place, if any
    // (renamed over it: a running program's file cannot be written).
    const killRelay = (replacement = '') =>
      docker('exec', id, 'sh', '-c', 'for p in /proc/[0-9]*; do r=$(readlink $p/exe); case "$r" in /usr/local/libexec/berth/relay-*) [ -z "$1" ] || { cp "$1" "$r.new" && chmod 755 "$r.new" && mv "$r.new" "$r"; }; kill -9 "${p#/proc/}";; esac; done', 'kill-relay', replacement);

    /** Kills the relay under an open connection, and says how that connection ended. */
    const killUnderConnection = async (replacement?: string) => {
      const open = connect(to);
      await new Promise((resolve) => open.once('data', resolve));
      open.pause();
      const started = performance.now();
      killRelay(replacement);
      const bytes = await new Promise<number>((resolve) => {
        let n = 0;
        open.on('data', (d) => (n += d.length));
        open.on('close', () => resolve(n));
        open.resume();
      });
      return { bytes, ms: performance.now() - started };
    };

    const killed = await killUnderConnection();
    assert.ok(killed.bytes < 16 * 1024 * 1024, 'the connection ended early');
    assert.ok(killed.ms < 3000, `ended ${killed.ms.toFixed(0)} ms after the relay died`);
    assert.equal((await exchange(to)).reply.length, 16 * 1024 * 1024, 'the next connection starts the relay again');

    // Someone in the container swaps the relay for a program that sends nonsense: the helper says so and lives on.
    docker('exec', id, 'sh', '-c', `printf '#!/bin/sh\\nprintf "\\\\377\\\\0\\\\0\\\\0\\\\0\\\\377\\\\377\\\\377\\\\377"; sleep 60\\n' > /tmp/nonsense`);
    await killUnderConnection('/tmp/nonsense');
    assert.equal((await exchange(to)).reply.length, 0, 'the connection is closed at once');
    const f = await waitFor('the reason on the forward', async () => (await ports(ws)).find((p) => p.containerPort === FLOOD && p.error?.includes('protocol')));
    assert.match(f.error!, /relay cannot run in this container: the relay broke its protocol: it sent a frame of 4294967295 bytes/);
    assert.equal((await berth(['helper', 'status'])).json.pid, helperPid, 'the same helper still runs');
    // Placed again, the real one works.
    assert.equal((await exchange(to)).reply.length, 16 * 1024 * 1024);
    await berth(['down', '--workspace-folder', ws, '--remove']);
  });
});
