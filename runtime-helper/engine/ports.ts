// Port syntaxes: `-p` publish specs and appPort entries. Published ports bind to
// 127.0.0.1 unless an address is given, so nothing is exposed to the network by default.
import { fail, ok, type Result } from '../util/result';

export interface Publish {
  hostIp: string;
  /** Empty: the engine picks a free port. */
  hostPort: string;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export function parsePublish(spec: string): Result<Publish> {
  const [main, proto = 'tcp'] = String(spec).split('/');
  if (proto !== 'tcp' && proto !== 'udp') return fail({ message: `"${spec}": the protocol must be tcp or udp` });
  // An IPv6 host address comes in brackets: [::1]:8080:80
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(main);
  const parts = v6 ? [v6[1], ...v6[2].split(':')] : main.split(':');
  if (parts.length > 3 || parts.length === 0) return fail({ message: `"${spec}" is not [IP:][HOST_PORT:]CONTAINER_PORT` });
  const containerPort = Number(parts[parts.length - 1]);
  const hostPort = parts.length >= 2 ? parts[parts.length - 2] : '';
  const hostIp = parts.length === 3 ? parts[0] : '127.0.0.1';
  if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) return fail({ message: `"${spec}": ${parts[parts.length - 1]} is not a port number` });
  if (hostPort !== '' && !/^\d+(-\d+)?$/.test(hostPort)) return fail({ message: `"${spec}": ${hostPort} is not a port number` });
  return ok({ hostIp, hostPort, containerPort, protocol: proto });
}

/** appPort: a number publishes the same port; a string is a publish spec. */
export function appPorts(appPort: number | string | (number | string)[] | undefined): Result<Publish[]> {
  const list = appPort === undefined ? [] : Array.isArray(appPort) ? appPort : [appPort];
  const out: Publish[] = [];
  for (const p of list) {
    const r = parsePublish(typeof p === 'number' ? `${p}:${p}` : p);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}
