// An engine that cannot be reached gets one message saying which engine, where Berth looked and how to fix it.
import type { BerthError } from '../util/result';
import type { EngineFailure } from './engine';

const UNREACHABLE = ['ENOENT', 'ECONNREFUSED', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE'];

/** Undefined when the engine answered (the failure is the engine's own word, see engineMessage). */
export function engineUnreachable(err: unknown, endpoint: string): BerthError | undefined {
  const e = err as NodeJS.ErrnoException & { berthError?: BerthError };
  // The endpoint itself is misconfigured (a bad DOCKER_HOST, a missing context or certificate).
  if (e?.berthError) return { ...e.berthError, message: `${e.berthError.message} (engine: ${endpoint})` };
  const code = e?.code;
  if (code === 'ESSH') {
    return {
      message: `cannot reach the container engine at ${endpoint} over SSH: ${e.message}`,
      fix: 'Check that `ssh HOST docker system dial-stdio` works from your shell: your key is in your ssh-agent (SSH_AUTH_SOCK), the host is in known_hosts, and docker is on the remote PATH.',
    };
  }
  if (code && (/CERT|SSL|TLS/.test(code) || code === 'EPROTO' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'SELF_SIGNED_CERT_IN_CHAIN')) {
    return {
      message: `the TLS connection to the container engine at ${endpoint} failed: ${e.message}`,
      fix: 'Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem made for this engine) and DOCKER_TLS_VERIFY, or the TLS files of the docker context.',
    };
  }
  if (!code || !UNREACHABLE.includes(code)) return undefined;
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
  const e = err as Partial<EngineFailure>;
  return e.reason ?? e.message ?? String(err);
}
