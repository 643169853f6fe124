// Notices ports that start or stop listening inside a container within a second.
// On a local engine it reads the container's /proc tables from the host every 250 ms,
// which costs no exec and almost no CPU; otherwise one long-lived exec polls inside.
import type { Engine } from '../engine/engine';
import { signalGroup } from '../engine/execIn';
import { readFileSync } from 'node:fs';
import { open, readFile, readdir, readlink } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { mergeListening, parseProcNetTcp, pastListeners, type ListeningPort } from './listeningPorts';

const POLL_MS = 250;

export interface DetectedPort {
  port: number;
  bind: 'all' | 'loopback';
  process?: string;
}

export type DetectorListener = (ports: DetectedPort[]) => void;

export interface Detector {
  stop(): void;
}

/** `hostPid`: the container's main process, when the engine runs on this host. */
export async function startDetector(engine: Engine, containerId: string, hostPid: number | undefined, onChange: DetectorListener): Promise<Detector> {
  if (hostPid && process.env.BERTH_DETECT_MODE !== 'exec' && readProc(`/proc/${hostPid}/net/sockstat`) !== undefined) {
    return hostProcDetector(engine, containerId, hostPid, onChange);
  }
  return execDetector(engine, containerId, onChange);
}

// Reading /proc/PID/net/tcp walks the kernel's whole connection table (about 5 ms here),
// so it runs only when the socket counters in sockstat change, which cost microseconds,
// plus a full look every few seconds in case a port closed and another opened in between.
const FULL_SCAN_EVERY_MS = 5000;
const MIN_SCAN_GAP_MS = 500;

/** Each socket table with the counters file that says whether it holds any socket at all. */
const TABLES = [
  { table: 'tcp', counters: 'sockstat', inUse: /^TCP: inuse (\d+)/m },
  { table: 'tcp6', counters: 'sockstat6', inUse: /^TCP6: inuse (\d+)/m },
];

function hostProcDetector(engine: Engine, containerId: string, pid: number, onChange: DetectorListener): Detector {
  let previous = '';
  let counters = '';
  let lastScan = 0;
  let stopped = false;
  let scanning = false;
  const tick = async () => {
    if (stopped) return;
    // Small procfs reads, synchronous on purpose: they beat thread-pool round trips.
    const stat = TABLES.map((t) => readProc(`/proc/${pid}/net/${t.counters}`));
    // The process is gone (the container stopped): nothing more to watch.
    if (stat.every((t) => t === undefined)) return stop();
    const now = Date.now();
    const tcpCounters = stat.map((t) => (t ?? '').split('\n').filter((l) => l.startsWith('TCP')).join('|')).join('|');
    if (tcpCounters === counters && now - lastScan < FULL_SCAN_EVERY_MS) return;
    // Under traffic the counters change all the time: scan at most twice a second.
    if (now - lastScan < MIN_SCAN_GAP_MS) return;
    counters = tcpCounters;
    lastScan = now;
    // A table with no socket in use has no listener either, and is not read at all.
    const tables = await Promise.all(
      TABLES.map((t, i) => (Number(t.inUse.exec(stat[i] ?? '')?.[1] ?? 0) > 0 ? readListeningRows(`/proc/${pid}/net/${t.table}`) : '')),
    );
    const ports = mergeListening(tables.flatMap(parseProcNetTcp));
    const key = [...ports.values()].map((p) => `${p.port}/${p.bind}`).sort().join(',');
    if (key !== previous && !stopped) {
      previous = key;
      onChange(await withProcesses(engine, containerId, [...ports.values()]));
    }
  };
  const guarded = async () => {
    if (scanning) return;
    scanning = true;
    try {
      await tick();
    } finally {
      scanning = false;
    }
  };
  const timer = setInterval(() => void guarded().catch(() => undefined), POLL_MS);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  void guarded();
  return { stop };
}

const ROWS_READ_BYTES = 16 << 10;

/**
 * The rows of a socket table up to its last listener. Under traffic a table holds thousands
 * of connections, but the kernel lists listening sockets first, so reading stops where
 * they end. Off the event loop, so forwarded traffic never waits on the kernel's walk.
 */
async function readListeningRows(path: string): Promise<string> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return '';
  try {
    let text = '';
    const buffer = Buffer.allocUnsafe(ROWS_READ_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, ROWS_READ_BYTES, null);
      if (bytesRead === 0) return text;
      // procfs hands out whole rows per read, so the text never ends mid-row.
      text += buffer.toString('latin1', 0, bytesRead);
      if (pastListeners(text)) return text;
    }
  } catch {
    return '';
  } finally {
    await file.close();
  }
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Names the process behind each socket, looked up only when the set of ports changes. */
async function withProcesses(engine: Engine, containerId: string, ports: ListeningPort[]): Promise<DetectedPort[]> {
  const byInode = new Map<string, string>();
  try {
    for (const pidText of await engine.containerPids(containerId)) {
      const fds = await readdir(`/proc/${pidText}/fd`).catch(() => [] as string[]);
      const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pidText}/fd/${fd}`).catch(() => '')));
      const sockets = links.map((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1]).filter((s): s is string => Boolean(s));
      if (!sockets.length) continue;
      const cmd = (await readFile(`/proc/${pidText}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ');
      for (const s of sockets) byInode.set(s, cmd);
    }
  } catch {
    /* process names are a nicety; ports are what matter */
  }
  return ports.map((p) => ({ port: p.port, bind: p.bind, process: byInode.get(p.inode) }));
}

// Says its pid (so that stopping can end it), then prints the listening lines of both
// tables whenever they change, then a separator.
const POLL_SCRIPT = 'echo "pid $$"; prev=; while :; do cur=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep " 0A "); if [ "$cur" != "$prev" ]; then printf "%s\\n--berth--\\n" "$cur"; prev=$cur; fi; sleep 0.25; done';
const PID_LINE = /^pid (\d+)\n/;

async function execDetector(engine: Engine, containerId: string, onChange: DetectorListener): Promise<Detector> {
  const { stream } = await engine.exec(containerId, { cmd: ['/bin/sh', '-c', POLL_SCRIPT] });
  let buffered = '';
  let loopPid: string | undefined;
  const out = new Writable({
    write(chunk: Buffer, _e, done) {
      buffered += chunk.toString();
      const pid = loopPid ? undefined : PID_LINE.exec(buffered);
      if (pid) {
        loopPid = pid[1];
        buffered = buffered.slice(pid[0].length);
      }
      let cut: number;
      while ((cut = buffered.indexOf('--berth--\n')) >= 0) {
        const block = buffered.slice(0, cut);
        buffered = buffered.slice(cut + '--berth--\n'.length);
        onChange([...mergeListening(parseProcNetTcp(block)).values()].map((p) => ({ port: p.port, bind: p.bind })));
      }
      done();
    },
  });
  engine.demux(stream, out, new Writable({ write: (_c, _e, done) => done() }));
  return {
    stop: () => {
      stream.destroy();
      // Closing the stream does not end a loop that prints nothing: end it by its pid.
      if (loopPid) void signalGroup(engine, containerId, loopPid, 'TERM').catch(() => undefined);
    },
  };
}

