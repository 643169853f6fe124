// The forwards of one dev container: its configured ports, the ports detected while it
// runs, and ports the user added. Survives container restarts; reports every failure.
import type { ContainerDetails, Engine } from '../engine/engine';
import type { PortAttributes } from '../config/types';
import { siblingContainer } from '../compose/containers';
import type { EngineDescription } from '../engine/engineDescription';
import type { ForwardMode, PortForward, PortOrigin } from '../rpc/protocol';
import { fail, ok, type Result } from '../util/result';
import { startDetector, type DetectedPort, type Detector } from './detector';
import { directDialer, relayDialer, type Dialer } from './dialers';
import { attributesFor } from './portAttributes';
import { TcpForwarder } from './tcpForwarder';


export interface RememberedForward {
  containerPort: number;
  localPort: number;
  origin: PortOrigin;
  label?: string;
}

/** What a helper keeps of one container's forwards, to bring them back as they were. */
export interface RememberedForwards {
  forwards: RememberedForward[];
  /** Ports the user stopped forwarding while they kept listening. */
  stopped?: number[];
}

export interface ForwardManagerOptions {
  engine: Engine;
  /** Whether container addresses and the containers' /proc are reachable from here (the engine's description). */
  reach: Pick<EngineDescription, 'reachesContainerAddresses' | 'sharesKernel'>;
  workspaceFolder: string;
  containerId: string;
  forwardPorts?: (number | string)[];
  portsAttributes?: Record<string, PortAttributes>;
  otherPortsAttributes?: PortAttributes;
  /** Forwards a previous helper had, to restore on the same local ports. */
  remembered?: RememberedForwards;
  mode?: ForwardMode;
  onChange(ports: PortForward[]): void;
}

interface Entry {
  forward: PortForward;
  forwarder?: TcpForwarder;
  bind?: 'all' | 'loopback';
}

export class ForwardManager {
  private readonly entries = new Map<number, Entry>();
  /** Forwards to other services of a compose project (`"db:5432"`), outside detection. */
  private readonly serviceEntries: Entry[] = [];
  /** Local ports handed out before, so a port that comes back gets the same one. */
  private readonly localPorts = new Map<number, number>();
  /** What detection last saw each port bound to, for forwards opened later. */
  private readonly binds = new Map<number, 'all' | 'loopback'>();
  /** Ports the user stopped forwarding; detection leaves them alone until they close. */
  private readonly stopped = new Set<number>();
  private address: string | undefined;
  private detector: Detector | undefined;
  private disposed = false;
  /** Bumped by every start or stop report, so that only the latest one decides. */
  private reports = 0;
  /** Bumped whenever detection starts again, so that only the latest detector is kept. */
  private generation = 0;
  /** The container's start (its StartedAt) that detection watches. */
  private watchedStart: string | undefined;

  constructor(private readonly o: ForwardManagerOptions) {
    for (const r of o.remembered?.forwards ?? []) this.localPorts.set(r.containerPort, r.localPort);
    for (const port of o.remembered?.stopped ?? []) this.stopped.add(port);
  }

  get containerId(): string {
    return this.o.containerId;
  }

  async start(): Promise<void> {
    // A previous helper's forwards come back as they were: the user's keep their origin and
    // label, detected ones answer at once (detection drops those no longer listening), and
    // configured ones follow the config as it is now, except those the user stopped.
    const services = (this.o.forwardPorts ?? []).map(serviceForward).filter((f) => f !== undefined);
    const configured = (this.o.forwardPorts ?? []).filter((p) => !serviceForward(p)).map((p) => (typeof p === 'number' ? p : Number(String(p).split(':').pop()))).filter((p) => Number.isInteger(p) && !this.stopped.has(p));
    for (const f of services) await this.openService(f.service, f.port);
    const kept = (r: RememberedForward) => r.origin === 'user' || (r.origin === 'detected' && this.attributes(r.containerPort).onAutoForward !== 'ignore');
    const remembered = new Map((this.o.remembered?.forwards ?? []).filter(kept).map((r) => [r.containerPort, r]));
    // Nothing to listen on: `up` need not wait for the inspect that detection starts from.
    if (configured.length === 0 && remembered.size === 0) {
      void this.containerStarted().catch(() => undefined);
      return;
    }
    // Listeners first, so the ports answer as soon as `up` returns; detection starts behind.
    const info = await this.o.engine.inspectContainer(this.o.containerId);
    this.useAddress(info);
    for (const port of configured) if (remembered.get(port)?.origin !== 'user') await this.open(port, 'config');
    for (const r of remembered.values()) if (!this.entries.has(r.containerPort)) await this.open(r.containerPort, r.origin, r.localPort, r.origin === 'user' ? r.label : undefined);
    void this.containerStarted(info).catch(() => undefined);
  }

  list(): PortForward[] {
    return [...this.entries.values(), ...this.serviceEntries].map((e) => e.forward).sort((a, b) => a.containerPort - b.containerPort);
  }

  remembered(): RememberedForwards {
    return {
      forwards: this.list().filter((f) => f.localPort !== undefined).map((f) => ({ containerPort: f.containerPort, localPort: f.localPort!, origin: f.origin, label: f.label })),
      stopped: [...this.stopped],
    };
  }

  /** `bind` says where the server listens when the caller knows it before detection does. */
  async add(containerPort: number, localPort?: number, label?: string, bind?: 'all' | 'loopback'): Promise<Result<PortForward>> {
    this.stopped.delete(containerPort);
    if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) return fail({ message: `${containerPort} is not a port number` });
    const existing = this.entries.get(containerPort);
    if (existing && (localPort === undefined || existing.forward.localPort === localPort)) {
      // Added again by the user: it is theirs now, with their label, and stays when its process stops.
      existing.forward = { ...existing.forward, origin: 'user', label: label ?? existing.forward.label };
      this.changed();
      return ok(existing.forward);
    }
    if (existing) this.close(containerPort);
    const entry = await this.open(containerPort, 'user', localPort, label, localPort !== undefined, bind);
    return entry.forward.error && !entry.forward.localAddress ? fail({ message: entry.forward.error }) : ok(entry.forward);
  }

  remove(containerPort: number): Result<void> {
    if (!this.entries.has(containerPort)) return fail({ message: `port ${containerPort} is not forwarded` });
    // The user stopped it: detection must not bring it straight back while it keeps listening.
    this.stopped.add(containerPort);
    this.close(containerPort);
    this.changed();
    return ok(undefined);
  }

  /** The container (re)started: find its new address and process, and watch its ports again. */
  async containerStarted(known?: ContainerDetails): Promise<void> {
    // Start events and our own start can overlap: only the latest call decides.
    const report = ++this.reports;
    const info = known ?? (await this.o.engine.inspectContainer(this.o.containerId));
    if (report !== this.reports || this.disposed) return;
    // The start detection already watches, told again: Podman sends its start event after the
    // start call has returned, so it comes after `up` set up the forwards. Detection started
    // again would report every port anew, and that wipes the reasons shown on their forwards.
    const start = info.State.Running ? info.State.StartedAt : undefined;
    if (start !== undefined && start === this.watchedStart) return;
    this.watchedStart = start;
    const generation = ++this.generation;
    this.useAddress(info);
    this.detector?.stop();
    this.detector = undefined;
    if (start === undefined) return;
    const detector = await startDetector(this.o.engine, this.o.containerId, this.o.reach.sharesKernel ? info.State.Pid : undefined, (ports) => void this.detected(ports));
    if (generation !== this.generation || this.disposed) detector.stop();
    else this.detector = detector;
  }

  private useAddress(info: ContainerDetails): void {
    const networks = Object.values(info.NetworkSettings.Networks ?? {});
    this.address = networks.find((n) => n.IPAddress)?.IPAddress || undefined;
    for (const [port, e] of this.entries) e.forwarder?.setDialer(this.dialer(port, e));
  }

  containerStopped(): void {
    this.reports++;
    this.generation++;
    this.watchedStart = undefined;
    this.detector?.stop();
    this.detector = undefined;
    this.address = undefined;
    // Detected ports are gone with their processes; configured and user forwards stay bound.
    for (const [port, e] of this.entries) {
      if (e.forward.origin === 'detected') this.close(port);
      else e.forward = { ...e.forward, process: undefined };
    }
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.detector?.stop();
    for (const port of [...this.entries.keys()]) this.close(port);
    for (const e of this.serviceEntries.splice(0)) e.forwarder?.close();
  }

  /** `"service:port"`: a forward to another container of the dev container's compose project. */
  private async openService(service: string, containerPort: number): Promise<void> {
    const target = await siblingContainer(this.o.engine, this.o.containerId, service);
    const label = `${service}:${containerPort}`;
    const entry: Entry = { forward: { workspaceFolder: this.o.workspaceFolder, containerId: target?.Id ?? '', containerPort, origin: 'config', label: this.attributes(containerPort).label ?? label } };
    this.serviceEntries.push(entry);
    if (!target) {
      entry.forward = { ...entry.forward, error: `forwardPorts "${label}": no container of the service ${service} in this dev container's compose project` };
      return this.changed();
    }
    const address = Object.values(target.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress || undefined;
    const path = this.pathFor(entry);
    const listening = await TcpForwarder.listen({
      preferredPort: containerPort,
      requireLocalPort: this.attributes(containerPort).requireLocalPort,
      dial: path === 'direct' ? directDialer(() => address, containerPort) : relayDialer(this.o.engine, () => target.Id, containerPort, (message) => this.problem(entry, message)),
      onProblem: (message) => this.problem(entry, message),
    });
    if (this.disposed) return listening.ok ? listening.value.close() : undefined;
    if (listening.ok) {
      entry.forwarder = listening.value;
      entry.forward = { ...entry.forward, localPort: listening.value.localPort, localAddress: `127.0.0.1:${listening.value.localPort}`, path };
    } else entry.forward = { ...entry.forward, error: listening.error.message };
    this.changed();
  }

  private async detected(ports: DetectedPort[]): Promise<void> {
    const live = new Map(ports.map((p) => [p.port, p]));
    for (const port of this.stopped) if (!live.has(port)) this.stopped.delete(port);
    this.binds.clear();
    for (const p of ports) this.binds.set(p.port, p.bind);
    for (const [port, e] of this.entries) {
      const d = live.get(port);
      if (!d && e.forward.origin === 'detected') this.close(port);
      else if (d) {
        const bindChanged = e.bind !== d.bind;
        e.bind = d.bind;
        e.forward = { ...e.forward, process: d.process, error: undefined };
        if (bindChanged) {
          e.forwarder?.setDialer(this.dialer(port, e));
          e.forward.path = this.pathFor(e);
        }
      } else e.forward = { ...e.forward, process: undefined };
    }
    for (const d of ports) {
      if (this.entries.has(d.port)) continue;
      const attrs = this.attributes(d.port);
      if (attrs.onAutoForward === 'ignore' || this.stopped.has(d.port)) continue;
      const entry = await this.open(d.port, 'detected', undefined, undefined, false, d.bind);
      entry.forward.process = d.process;
    }
    this.changed();
  }

  private attributes(port: number): PortAttributes {
    return attributesFor(port, this.o.portsAttributes, this.o.otherPortsAttributes);
  }

  private async open(containerPort: number, origin: PortOrigin, localPort?: number, label?: string, require = false, bind?: 'all' | 'loopback'): Promise<Entry> {
    const attrs = this.attributes(containerPort);
    const entry: Entry = {
      bind: bind ?? this.binds.get(containerPort),
      forward: { workspaceFolder: this.o.workspaceFolder, containerId: this.o.containerId, containerPort, origin, label: label ?? attrs.label, protocol: attrs.protocol, onAutoForward: attrs.onAutoForward },
    };
    this.entries.set(containerPort, entry);
    const listening = await TcpForwarder.listen({
      preferredPort: localPort ?? this.localPorts.get(containerPort) ?? containerPort,
      requireLocalPort: require || attrs.requireLocalPort,
      dial: this.dialer(containerPort, entry),
      onProblem: (message) => this.problem(entry, message),
    });
    if (this.disposed || this.entries.get(containerPort) !== entry) {
      if (listening.ok) listening.value.close();
      return entry;
    }
    if (listening.ok) {
      entry.forwarder = listening.value;
      this.localPorts.set(containerPort, listening.value.localPort);
      entry.forward = { ...entry.forward, localPort: listening.value.localPort, localAddress: `127.0.0.1:${listening.value.localPort}`, path: this.pathFor(entry) };
    } else {
      entry.forward = { ...entry.forward, error: listening.error.message };
    }
    this.changed();
    return entry;
  }

  private close(containerPort: number): void {
    this.entries.get(containerPort)?.forwarder?.close();
    this.entries.delete(containerPort);
  }

  private pathFor(entry: Entry): 'direct' | 'relay' {
    const mode = this.o.mode ?? ((process.env.BERTH_FORWARD_MODE as ForwardMode | undefined) || 'auto');
    if (mode !== 'auto') return mode;
    // A server on 127.0.0.1 inside, or a container behind a VM or a user-mode network, is only reachable from inside.
    return this.o.reach.reachesContainerAddresses && entry.bind !== 'loopback' ? 'direct' : 'relay';
  }

  private dialer(containerPort: number, entry: Entry): Dialer {
    if (this.pathFor(entry) === 'direct') return directDialer(() => this.address, containerPort);
    return relayDialer(this.o.engine, () => this.o.containerId, containerPort, (message) => this.problem(entry, message));
  }

  /** Shown on the forward until detection sees its port again. */
  private problem(entry: Entry, message: string): void {
    entry.forward = { ...entry.forward, error: message };
    this.changed();
  }

  private changed(): void {
    if (!this.disposed) this.o.onChange(this.list());
  }
}

/** `"db:5432"` names a compose service; a number, `"5432"` or `"localhost:5432"` is the dev container's port. */
function serviceForward(p: number | string): { service: string; port: number } | undefined {
  const m = /^([^:]+):(\d+)$/.exec(String(p));
  if (!m || m[1] === 'localhost' || m[1] === '127.0.0.1') return undefined;
  return { service: m[1], port: Number(m[2]) };
}
