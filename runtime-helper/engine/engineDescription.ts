// What an engine is and can do, decided once from where it is and what it says about itself.
// Decisions elsewhere (direct forward or relay, /proc or exec detection, checking the
// workspace on the engine's host) read these properties, never the endpoint itself.

export type EngineFlavour = 'docker' | 'podman';

/** How Berth reaches the engine, known before asking it anything. */
export type EngineTransport = { kind: 'unix'; socketPath: string } | { kind: 'tcp'; host: string } | { kind: 'ssh'; host: string };

export interface EngineDescription {
  flavour: EngineFlavour;
  /** The engine runs on this machine: its bind mounts are this machine's folders. */
  isLocal: boolean;
  /** The engine's containers run as processes of this machine's kernel, so their /proc is readable here. */
  sharesKernel: boolean;
  /** A TCP connection from here to a container's IP address arrives (no VM, no user-mode network in between). */
  reachesContainerAddresses: boolean;
  rootless: boolean;
}

/** The parts of the engine's GET /version answer this reads. */
export interface VersionAnswer {
  Platform?: { Name?: string };
  Components?: { Name?: string }[];
}

/** The parts of the engine's GET /info answer this reads. */
export interface InfoAnswer {
  OperatingSystem?: string;
  KernelVersion?: string;
  SecurityOptions?: string[] | null;
  /** Podman's own answer; its SecurityOptions never say `name=rootless` as Docker's do. */
  Rootless?: boolean;
}

/** Engines that live in a VM on this machine, recognised by their socket's folder. */
const VM_SOCKET_DIRS = ['/.colima/', '/.lima/', '/.rd/', '/.docker/run/', '/.docker/desktop/'];

export function describeEngine(transport: EngineTransport, version: VersionAnswer, info: InfoAnswer, hostPlatform: NodeJS.Platform = process.platform): EngineDescription {
  const flavour = isPodman(version) ? 'podman' : 'docker';
  const rootless = info.Rootless === true || (info.SecurityOptions ?? []).some((o) => o.split(',').includes('name=rootless'));
  const isLocal = transport.kind === 'unix' || (transport.kind === 'tcp' && isLoopback(transport.host));
  // Docker Desktop, Colima, Lima and Rancher Desktop run the engine in a VM even when its
  // socket is here; on macOS and Windows every Linux engine does.
  const inVm =
    hostPlatform !== 'linux' ||
    /docker desktop/i.test(info.OperatingSystem ?? '') ||
    /linuxkit/i.test(info.KernelVersion ?? '') ||
    (transport.kind === 'unix' && VM_SOCKET_DIRS.some((d) => transport.socketPath.includes(d)));
  const sharesKernel = isLocal && !inVm;
  // A rootless engine puts its containers behind a user-mode network (slirp4netns, pasta, vpnkit).
  return { flavour, isLocal, sharesKernel, reachesContainerAddresses: sharesKernel && !rootless, rootless };
}

function isPodman(version: VersionAnswer): boolean {
  return (version.Components ?? []).some((c) => /podman/i.test(c.Name ?? '')) || /podman/i.test(version.Platform?.Name ?? '');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
