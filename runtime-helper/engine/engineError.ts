// An engine that cannot be reached gets one message saying where Berth looked and how to fix it.
import type { BerthError } from '../util/result';

export function engineUnreachable(err: unknown, endpoint: string): BerthError | undefined {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (!code || !['ENOENT', 'ECONNREFUSED', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'].includes(code)) return undefined;
  const why = code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no socket there' : code.toLowerCase();
  return {
    message: `cannot reach the container engine at ${endpoint} (${why})`,
    fix:
      code === 'EACCES'
        ? 'Add your user to the docker group (sudo usermod -aG docker $USER, then log in again), or set DOCKER_HOST.'
        : 'Start the engine (sudo systemctl start docker, or dockerd &), or point DOCKER_HOST at a running one.',
  };
}

/** The engine's own reason ("Minimum memory limit allowed is 6MB"), without the HTTP wrapping. */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return e.json?.message ?? e.message ?? String(err);
}
