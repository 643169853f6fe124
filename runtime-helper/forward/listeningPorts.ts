// Reads /proc/net/tcp and tcp6 tables: which TCP ports are listening, and on what address.

export interface ListeningPort {
  port: number;
  /** 'all' for 0.0.0.0 / ::, 'loopback' for 127.0.0.1 / ::1; other addresses count as all. */
  bind: 'all' | 'loopback';
  inode: string;
}

const LISTEN = '0A';

export function parseProcNetTcp(text: string): ListeningPort[] {
  const out: ListeningPort[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== LISTEN) continue;
    const [addr, portHex] = f[1].split(':');
    out.push({ port: parseInt(portHex, 16), bind: isLoopback(addr) ? 'loopback' : 'all', inode: f[9] });
  }
  return out;
}

/**
 * The kernel lists a table's listening sockets before any other row, so once a row in
 * another state shows, no listener follows.
 */
export function pastListeners(text: string): boolean {
  return /^\s*\d+: \S+ \S+ (?!0A )[0-9A-F]{2} /m.test(text);
}

function isLoopback(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F'); // 127.x.x.x, little-endian
  return hex === '00000000000000000000000001000000' || hex === '0000000000000000FFFF00000100007F';
}

/** One entry per port: listening anywhere beats loopback only. */
export function mergeListening(ports: ListeningPort[]): Map<number, ListeningPort> {
  const byPort = new Map<number, ListeningPort>();
  for (const p of ports) {
    const seen = byPort.get(p.port);
    if (!seen || (seen.bind === 'loopback' && p.bind === 'all')) byPort.set(p.port, p);
  }
  return byPort;
}
