// Forwarding through the exec relay (servers bound to 127.0.0.1 inside the container), on
// an image with nothing but a shell (no busybox, socat or nc) and on one with socat:
// half-close passes exactly both ways, no byte is lost, nothing is left behind.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { berth, docker } from '../support/cli';
import { ports, waitFor } from '../support/ports';
import { BASE_IMAGE, cleanupWorkspaces, devcontainer } from '../support/workspace';

after(cleanupWorkspaces);

// One forking server per mode, on 127.0.0.1 only, so the helper must relay. "close" answers
// and closes; "late" reads to the client's end of file, waits 2 s, then echoes it all back;
// "blob" sends mib.bin, "flood" sends it 16 times. A deep accept queue, so 500 clients at once all get in.
const SERVER = String.raw`
use IO::Socket::INET;
my ($mode, $port) = @ARGV;
$SIG{CHLD} = 'IGNORE';
my $blob = '';
if ($mode eq 'blob' || $mode eq 'flood') { open(my $f, '<', 'mib.bin') or die; binmode $f; local $/; $blob = <$f>; }
my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 4096, ReuseAddr => 1) or die "$port: $!";
while (my $c = $s->accept) {
  if (fork) { close $c; next }
  binmode $c;
  if ($mode eq 'close') { print $c "hello\n" }
  elsif ($mode eq 'late') { my $all = ''; while (sysread($c, my $b, 65536)) { $all .= $b } sleep 2; print $c $all }
  elsif ($mode eq 'flood') { print $c $blob for 1 .. 16 }
  else { print $c $blob }
  close $c;
  exit 0;
}
`;
const CLOSE = 7601;
const LATE = 7602;
const BLOB = 7603;
const FLOOD = 7604;

const IMAGES = [
  {
    name: 'an image with only a shell (no busybox, socat or nc)',
    dockerfile: `FROM ${BASE_IMAGE}\nRUN dpkg --purge busybox && ! command -v busybox && ! command -v socat && ! command -v nc\n`,
  },
  {
    name: 'an image with socat',
    dockerfile: `FROM ${BASE_IMAGE}\nRUN apt-get update && apt-get install -y --no-install-recommends socat && rm -rf /var/lib/apt/lists/*\n`,
  },
];

/** The local address of a port's forward, once detection has put it on the relay. */
async function relayed(ws: string, port: number): Promise<{ host: string; port: number }> {
  const f = await waitFor(`a relayed forward of ${port}`, async () => (await ports(ws)).find((p) => p.containerPort === port && p.path === 'relay' && p.localAddress), 10_000);
  const [host, local] = f.localAddress!.split(':');
  return { host, port: Number(local) };
}

interface Exchange {
  reply: Buffer;
  /** From the first byte of the reply to its end of file. */
  endAfterMs: number;
}

/** Connects, sends `request` and shuts down writing, and collects the reply up to end of file. */
function exchange(to: { host: string; port: number }, request?: Buffer, timeoutMs = 10_000): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let firstAt = 0;
    const socket = connect({ ...to, allowHalfOpen: true }, () => {
      if (request) socket.end(request);
    });
    socket.on('data', (d) => {
      firstAt ||= performance.now();
      chunks.push(d);
    });
    socket.on('end', () => {
      resolve({ reply: Buffer.concat(chunks), endAfterMs: performance.now() - firstAt });
      socket.end();
    });
    socket.on('error', reject);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no end of file after ${timeoutMs / 1000} s (${Buffer.concat(chunks).length} bytes in)`)));
  });
}

/** Connects and waits for the first bytes only, then drops the connection. */
function firstBytes(to: { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(to);
    socket.once('data', () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
  });
}

const containerProcesses = (id: string) => docker('top', id, '-o', 'pid,args').split('\n').slice(1).sort();
const descriptors = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

for (const image of IMAGES) {
  describe(`relay, on ${image.name}`, () => {
    let ws = '';
    let id = '';
    let helperPid = 0;
    let baseline = { processes: [] as string[], descriptors: 0 };
    const blob = randomBytes(1024 * 1024);

    before(async () => {
      ws = devcontainer(
        {
          build: { dockerfile: 'Dockerfile' },
          postStartCommand: `for m in close:${CLOSE} late:${LATE} blob:${BLOB} flood:${FLOOD}; do nohup perl server.pl "\${m%:*}" "\${m#*:}" >/tmp/server-\${m%:*}.log 2>&1 & done`,
        },
        { '.devcontainer/Dockerfile': image.dockerfile, 'server.pl': SERVER },
      );
      writeFileSync(join(ws, 'mib.bin'), blob);
      const r = await berth(['up', '--workspace-folder', ws]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      id = r.json.containerId!;
      helperPid = (await berth(['helper', 'status'])).json.pid as number;
      // One answer before the baseline, so the relay is in place from then on (not
      // waiting for its end of file, which is what the first test checks).
      await firstBytes(await relayed(ws, CLOSE));
      await relayed(ws, LATE);
      await relayed(ws, BLOB);
      await relayed(ws, FLOOD);
      await new Promise((r) => setTimeout(r, 500));
      baseline = { processes: containerProcesses(id), descriptors: descriptors(helperPid) };
    });

    after(async () => {
      const image = JSON.parse(docker('inspect', id))[0].Config.Image;
      await berth(['down', '--workspace-folder', ws, '--remove']);
      docker('rmi', image);
    });

    test('the server closes first: the client sees end of file within 100 ms', async () => {
      const to = await relayed(ws, CLOSE);
      for (let i = 0; i < 5; i++) {
        const { reply, endAfterMs } = await exchange(to);
        assert.equal(reply.toString(), 'hello\n');
        assert.ok(endAfterMs < 100, `end of file ${endAfterMs.toFixed(0)} ms after the reply`);
      }
    });

    test('the client shuts down writing, the server replies 2 s later: the whole reply arrives', async () => {
      // More than the relay's window, so the credit that paces uploads is exercised too.
      const request = randomBytes(3 * 1024 * 1024);
      const { reply } = await exchange(await relayed(ws, LATE), request);
      assert.equal(reply.length, request.length);
      assert.ok(reply.equals(request), 'the echo matches what was sent');
    });

    test('500 concurrent connections of 1 MiB each arrive byte for byte', async () => {
      const to = await relayed(ws, BLOB);
      const expected = createHash('sha256').update(blob).digest('hex');
      const replies = await Promise.all(Array.from({ length: 500 }, () => exchange(to, undefined, 60_000)));
      const wrong = replies.filter((r) => createHash('sha256').update(r.reply).digest('hex') !== expected);
      assert.equal(wrong.length, 0, `${wrong.length} of 500 replies differ (lengths ${[...new Set(wrong.map((r) => r.reply.length))].slice(0, 5).join(', ')})`);
    });

    test('a client that stops reading holds up only its own connection', async () => {
      // 16 MiB: more than the relay's window and the sockets' buffers together.
      const stalled = connect(await relayed(ws, FLOOD));
      const chunks: Buffer[] = [];
      stalled.once('data', (d) => {
        chunks.push(d);
        stalled.pause();
      });
      await waitFor('the first bytes', async () => (chunks.length ? true : undefined));
      // The others share the container's one relay with it, and still get through.
      assert.equal((await exchange(await relayed(ws, CLOSE))).reply.toString(), 'hello\n');
      assert.equal((await exchange(await relayed(ws, BLOB))).reply.length, blob.length);
      const rest = await new Promise<Buffer>((resolve, reject) => {
        stalled.on('data', (d) => chunks.push(d));
        stalled.on('end', () => resolve(Buffer.concat(chunks)));
        stalled.on('error', reject);
        stalled.resume();
      });
      assert.ok(rest.equals(Buffer.concat(Array(16).fill(blob))), 'the stalled connection gets all its bytes once it reads');
    });

    test("the helper's descriptors and the container's processes are back to their baseline", async () => {
      const settled = await waitFor('descriptors and processes to settle', async () => {
        const now = { processes: containerProcesses(id), descriptors: descriptors(helperPid) };
        return now.descriptors <= baseline.descriptors && now.processes.join('\n') === baseline.processes.join('\n') ? now : undefined;
      }, 5000).catch(() => ({ processes: containerProcesses(id), descriptors: descriptors(helperPid) }));
      assert.deepEqual(settled.processes, baseline.processes);
      assert.ok(settled.descriptors <= baseline.descriptors, `helper descriptors: ${baseline.descriptors} before, ${settled.descriptors} after`);
    });
  });
}

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
      const f = await waitFor('the reason on the forward', async () => (await ports(ws)).find((p) => p.containerPort === CLOSE && p.error));
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
