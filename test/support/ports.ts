// Waiting for forwards and talking to them over loopback, as a user's browser would.
import { request } from 'node:http';
import { berth } from './cli';
import type { PortForward } from '../../runtime-helper/rpc/protocol';

export async function ports(ws: string, env?: NodeJS.ProcessEnv): Promise<PortForward[]> {
  const r = await berth(['ports', '--workspace-folder', ws, '--json'], { env });
  return JSON.parse(r.stdout.trim() || '[]');
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function forwardOf(ws: string, containerPort: number, env?: NodeJS.ProcessEnv): Promise<PortForward> {
  return waitFor(`a forward of port ${containerPort}`, async () => (await ports(ws, env)).find((p) => p.containerPort === containerPort && p.localAddress));
}

export function httpGet(address: string, path = '/'): Promise<{ status: number; body: Buffer }> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}
