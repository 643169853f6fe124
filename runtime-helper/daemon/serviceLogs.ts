// A compose project's log: every service container's log as one stream, each line led by its
// service's name, padded as `docker compose logs` pads them. Each container is followed across
// its own restarts; the stream ends when every one has ended.
import type { ContainerSummary, Engine } from '../engine/engine';
import { LABEL_SERVICE, projectContainers } from '../compose/containers';
import { LogFollower, type LogSink } from './logFollower';

/** What a log subscription holds: one container's follower, or a project's. */
export interface LogStream {
  start(): Promise<void>;
  /** Called on the engine's `start` event of any container. */
  containerStarted(containerId: string): void;
  close(): void;
}

export interface LabelledContainer {
  containerId: string;
  label: string;
}

/** The project's containers named by service; `service-N` when a service runs several. */
export async function projectLogTargets(engine: Engine, project: string): Promise<LabelledContainer[]> {
  const containers = await projectContainers(engine, project);
  const service = (c: ContainerSummary) => c.Labels[LABEL_SERVICE] ?? c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12);
  const count = (name: string) => containers.filter((c) => service(c) === name).length;
  return containers
    .map((c) => ({ containerId: c.Id, label: count(service(c)) > 1 ? `${service(c)}-${c.Labels['com.docker.compose.container-number'] ?? c.Id.slice(0, 6)}` : service(c) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export class ServiceLogs implements LogStream {
  private readonly followers: LogFollower[];

  constructor(engine: Engine, targets: LabelledContainer[], follow: boolean, tail: number | undefined, sink: LogSink) {
    const width = Math.max(...targets.map((t) => t.label.length));
    const ended = new Set<string>();
    this.followers = targets.map(
      (t) =>
        new LogFollower(engine, t.containerId, follow, tail, {
          lines: (lines) => sink.lines(lines.map((l) => ({ ...l, text: `${t.label.padEnd(width)} | ${l.text}` }))),
          gap: (reason) => sink.gap(`${t.label}: ${reason}`),
          // A follower may report its end twice (its backlog ended, then it is closed).
          end: () => {
            if (ended.size < targets.length && ended.add(t.containerId).size === targets.length) sink.end();
          },
        }),
    );
  }

  async start(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.start()));
  }

  containerStarted(containerId: string): void {
    for (const f of this.followers) f.containerStarted(containerId);
  }

  close(): void {
    for (const f of this.followers) f.close();
  }
}
