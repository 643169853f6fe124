// The forwarding cases every path must pass, run on the real engine: the direct path (a server
// on all the container's addresses) and the relay (a server on its 127.0.0.1). Half-close both
// ways, a reply sent long after the client's end of file, a soak, a stalled reader, and no leak.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PortForward } from '../../runtime-helper/rpc/protocol';
import { berth, docker } from './cli';
import { ports, waitFor } from './ports';
import { containerProcesses } from './processes';
import { BASE_IMAGE, devcontainer } from './workspace';

// One forking server per mode, on `bind` only. "close" answers and closes; "late" reads to the
// client's end of file, waits 2 s, then echoes it all back; "blob" sends mib.bin, "flood" sends
// it 16 times. A deep accept queue, so hundreds of clients at once all get in.
export const SERVER = String.raw`
use IO::Socket::INET;
my ($mode, $port, $bind) = @ARGV;
$SIG{CHLD} = 'IGNORE';
my $blob = '';
if ($mode eq 'blob' || $mode eq 'flood') { open(my $f, '<', 'mib.bin') or die; binmode $f; local $/; $blob = <$f>; }
my $s = IO::Socket::INET->new(LocalAddr => $bind // '127.0.0.1', LocalPort => $port, Listen => 4096, ReuseAddr => 1) or die "$port: $!";
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
export const CLOSE = 7601;
export const LATE = 7602;
export const BLOB = 7603;
export const FLOOD = 7604;

export type Address = { host: string; port: number };

/** The local address of a port's forward, once detection has put it on `path`. */
export async function forwardOn(ws: string, port: number, path: NonNullable<PortForward['path']>): Promise<Address> {
  const f = await waitFor(`a ${path} forward of ${port}`, async () => (await ports(ws)).find((p) => p.containerPort === port && p.path === path && p.localAddress), 10_000);
  const [host, local] = f.localAddress!.split(':');
  return { host, port: Number(local) };
}

export interface Exchange {
  reply: Buffer;
  /** From the first byte of the reply to its end of file. */
  endAfterMs: number;
}

/** Connects, sends `request` and shuts down writing, and collects the reply up to end of file. */
export function exchange(to: Address, request?: Buffer, timeoutMs = 10_000): Promise<Exchange> {
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
function firstBytes(to: Address): Promise<void> {
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

const descriptors = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

export interface ForwardingPath {
  /** What the suite is called. */
  name: string;
  path: NonNullable<PortForward['path']>;
  /** Where the servers listen in the container: 0.0.0.0 is reached directly, 127.0.0.1 only through the relay. */
  bind: '0.0.0.0' | '127.0.0.1';
  /** A Dockerfile to build; the base image when unset. */
  dockerfile?: string;
  /** How many 1 MiB downloads run at once in the soak. */
  concurrent: number;
}

/** The shared cases, as one suite for `p`. */
export function forwardingCases(p: ForwardingPath): void {
  describe(p.name, () => {
    let ws = '';
    let id = '';
    let helperPid = 0;
    let baseline = { processes: [] as string[], descriptors: 0 };
    const blob = randomBytes(1024 * 1024);
    const on = (port: number) => forwardOn(ws, port, p.path);

    before(async () => {
      ws = devcontainer(
        {
          ...(p.dockerfile ? { build: { dockerfile: 'Dockerfile' } } : { image: BASE_IMAGE }),
          postStartCommand: `for m in close:${CLOSE} late:${LATE} blob:${BLOB} flood:${FLOOD}; do nohup perl server.pl "\${m%:*}" "\${m#*:}" ${p.bind} >/tmp/server-\${m%:*}.log 2>&1 & done`,
        },
        { ...(p.dockerfile ? { '.devcontainer/Dockerfile': p.dockerfile } : {}), 'server.pl': SERVER },
      );
      writeFileSync(join(ws, 'mib.bin'), blob);
      const r = await berth(['up', '--workspace-folder', ws]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      id = r.json.containerId!;
      helperPid = (await berth(['helper', 'status'])).json.pid as number;
      // One answer before the baseline, so the path is in place from then on (not
      // waiting for its end of file, which is what the first test checks).
      await firstBytes(await on(CLOSE));
      for (const port of [LATE, BLOB, FLOOD]) await on(port);
      await new Promise((r) => setTimeout(r, 500));
      baseline = { processes: containerProcesses(id), descriptors: descriptors(helperPid) };
    });

    after(async () => {
      const image = JSON.parse(docker('inspect', id))[0].Config.Image;
      await berth(['down', '--workspace-folder', ws, '--remove']);
      if (p.dockerfile) docker('rmi', image);
    });

    test('the server closes first: the client sees end of file within 100 ms', async () => {
      const to = await on(CLOSE);
      for (let i = 0; i < 5; i++) {
        const { reply, endAfterMs } = await exchange(to);
        assert.equal(reply.toString(), 'hello\n');
        assert.ok(endAfterMs < 100, `end of file ${endAfterMs.toFixed(0)} ms after the reply`);
      }
    });

    test('the client shuts down writing, the server replies 2 s later: the whole reply arrives', async () => {
      // More than the relay's window, so the credit that paces uploads is exercised too.
      const request = randomBytes(3 * 1024 * 1024);
      const { reply } = await exchange(await on(LATE), request);
      assert.equal(reply.length, request.length);
      assert.ok(reply.equals(request), 'the echo matches what was sent');
    });

    test(`${p.concurrent} concurrent connections of 1 MiB each arrive byte for byte`, async () => {
      const to = await on(BLOB);
      const expected = createHash('sha256').update(blob).digest('hex');
      const replies = await Promise.all(Array.from({ length: p.concurrent }, () => exchange(to, undefined, 60_000)));
      const wrong = replies.filter((r) => createHash('sha256').update(r.reply).digest('hex') !== expected);
      assert.equal(wrong.length, 0, `${wrong.length} of ${p.concurrent} replies differ (lengths ${[...new Set(wrong.map((r) => r.reply.length))].slice(0, 5).join(', ')})`);
    });

    test('a client that stops reading holds up only its own connection', async () => {
      // 16 MiB: more than the relay's window and the sockets' buffers together.
      const stalled = connect(await on(FLOOD));
      const chunks: Buffer[] = [];
      stalled.once('data', (d) => {
        chunks.push(d);
        stalled.pause();
      });
      await waitFor('the first bytes', async () => (chunks.length ? true : undefined));
      // The others share the helper (and the relay, on that path) with it, and still get through.
      assert.equal((await exchange(await on(CLOSE))).reply.toString(), 'hello\n');
      assert.equal((await exchange(await on(BLOB))).reply.length, blob.length);
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
