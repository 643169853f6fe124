// Whether the host's Node binary and the server's native modules (built against the host's
// glibc) can run in a container: same architecture, glibc, and a glibc no older than the host's.
import { fail, ok, type Result } from '../util/result';

export interface Platform {
  /** `uname -m` spelling: x86_64, aarch64, armv7l. */
  arch: string;
  libc: { kind: 'glibc'; version: string } | { kind: 'musl' } | { kind: 'unknown' };
}

/** What the container says about itself and the remote user, one fact per line. */
export interface ContainerFacts extends Platform {
  home: string;
  uid: number;
  gid: number;
}

/** Run as the remote user; prints arch, HOME, uid, gid and the libc, one per line. */
export const PROBE_SCRIPT = [
  'uname -m',
  'printf "%s\\n" "$HOME"',
  'id -u',
  'id -g',
  'getconf GNU_LIBC_VERSION 2>/dev/null || { ls /lib/ld-musl-* >/dev/null 2>&1 && echo musl; } || echo unknown',
].join('\n');

export function parseProbe(output: string): Result<ContainerFacts> {
  const [arch, home, uid, gid, libc] = output.split('\n').map((l) => l.trim());
  if (!arch || !home || !/^\d+$/.test(uid ?? '') || !/^\d+$/.test(gid ?? '')) return fail({ message: `cannot tell the container's platform from: ${output.trim().slice(0, 200)}` });
  const glibc = /^glibc\s+(\d+\.\d+)/.exec(libc ?? '');
  const kind: Platform['libc'] = glibc ? { kind: 'glibc', version: glibc[1] } : libc === 'musl' ? { kind: 'musl' } : { kind: 'unknown' };
  return ok({ arch, home, uid: Number(uid), gid: Number(gid), libc: kind });
}

const UNAME_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', arm: 'armv7l', ppc64: 'ppc64le', s390x: 's390x' };

export function hostPlatform(): Platform {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  const version = header?.glibcVersionRuntime;
  return { arch: UNAME_ARCH[process.arch] ?? process.arch, libc: version ? { kind: 'glibc', version } : { kind: 'unknown' } };
}

function olderThan(a: string, b: string): boolean {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am < bm || (am === bm && an < bn);
}

export function checkCanRun(host: Platform, container: Platform): Result<void> {
  const fix = 'Use an image based on a glibc distribution (Debian, Ubuntu, Fedora) as new as the host, on the host\'s architecture; or use attached mode (Berth: Open Container Terminal).';
  if (container.arch !== host.arch) return fail({ message: `the VS Code server cannot run in this container: it is ${container.arch}, the host's server is built for ${host.arch}`, fix });
  if (host.libc.kind !== 'glibc') return fail({ message: 'the VS Code server cannot be installed from this host: its Node binary is not linked against glibc', fix });
  if (container.libc.kind === 'musl') return fail({ message: "the VS Code server cannot run in this container: its C library is musl (Alpine?), the host's server is built for glibc", fix });
  if (container.libc.kind === 'unknown') return fail({ message: 'the VS Code server cannot run in this container: no glibc found (getconf GNU_LIBC_VERSION gives nothing)', fix });
  if (olderThan(container.libc.version, host.libc.version)) {
    return fail({ message: `the VS Code server cannot run in this container: its glibc ${container.libc.version} is older than the host's ${host.libc.version}`, fix });
  }
  return ok(undefined);
}
