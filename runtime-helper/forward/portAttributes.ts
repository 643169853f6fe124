// portsAttributes keys are a port ("3000"), a range ("3000-3010") or a regular
// expression; the first key that matches wins, otherwise otherPortsAttributes.
import type { PortAttributes } from '../config/types';

export function attributesFor(port: number, portsAttributes: Record<string, PortAttributes> = {}, other: PortAttributes = {}): PortAttributes {
  for (const [key, attrs] of Object.entries(portsAttributes)) {
    if (keyMatches(key, port)) return attrs;
  }
  return other;
}

function keyMatches(key: string, port: number): boolean {
  if (/^\d+$/.test(key)) return Number(key) === port;
  const range = /^(\d+)-(\d+)$/.exec(key);
  if (range) return port >= Number(range[1]) && port <= Number(range[2]);
  // "host:port" keys name a port on another host; only the port part can match here.
  const hostPort = /^[^:]+:(\d+)$/.exec(key);
  if (hostPort) return Number(hostPort[1]) === port;
  try {
    return new RegExp(`^(?:${key})$`).test(String(port));
  } catch {
    return false;
  }
}
