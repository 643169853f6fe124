// The Engine over dockerode: the only code that knows dockerode's shapes. Errors leave as
// EngineFailure (the engine's reason, its HTTP status, or the connection's error code).
import Docker from 'dockerode';
import type { Agent } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import type { ContainerDetails, ContainerSpec, ContainerSummary, Engine, EngineFailure, ExecRequest, ExecSession, ImageDetails, PullEvent } from '../engine';
import { describeEngine, type EngineDescription, type EngineTransport } from '../engineDescription';
import { withDockerStates } from '../podmanAdapter';
import { setOptionsOnly } from '../queryOptions';

/** How to reach the engine's API: a unix socket, TCP (with TLS files), or a ready agent (SSH, a broken endpoint). */
export type Connection = { socketPath: string } | { protocol: 'http' | 'https'; host: string; port: string | number; ca?: Buffer; cert?: Buffer; key?: Buffer } | { agent: Agent };

export function dockerodeEngine(connection: Connection, where: string, transport: EngineTransport): Engine {
  const docker = new Docker('agent' in connection ? ({ protocol: 'http', host: 'docker', port: 80, agent: connection.agent } as Docker.DockerOptions) : connection);
  let described: Promise<EngineDescription> | undefined;
  const container = (id: string) => docker.getContainer(id);
  const execOptions = (r: ExecRequest, attach: boolean): Docker.ExecCreateOptions => ({
    Cmd: r.cmd,
    User: r.user || undefined,
    WorkingDir: r.workdir,
    Env: r.env ? Object.entries(r.env).map(([k, v]) => `${k}=${v}`) : undefined,
    AttachStdin: attach && r.stdin === true,
    AttachStdout: attach,
    AttachStderr: attach,
    Tty: r.tty === true,
  });
  /** Podman 4's Docker API answers `top` with an empty body; its own API lists the host's PIDs (`hpid`). */
  const podmanHostPids = (id: string) =>
    new Promise<{ Processes?: string[][] } | undefined>((done, failed) =>
      docker.modem.dial(
        { path: `/v4.0.0/libpod/containers/${encodeURIComponent(id)}/top?`, method: 'GET', options: { ps_args: 'hpid', stream: false }, statusCodes: { 200: true, 404: 'no such container', 500: 'server error' } },
        (err: Error | null, body: unknown) => (err ? failed(err) : done(body as { Processes?: string[][] } | undefined)),
      ),
    );
  const engine: Engine = {
    where,
    transport,
    description() {
      described ??= Promise.all([docker.version(), docker.info()]).then(([v, i]) => describeEngine(transport, v, i));
      // A failed look is asked again next time, when the engine may be up.
      described.catch(() => (described = undefined));
      return described;
    },
    version: () => docker.version(),
    // Every caller compares `State` with Docker's lowercase words, whichever engine answered.
    listContainers: async (q) =>
      withDockerStates((await docker.listContainers({ all: q.all, filters: { ...(q.labels ? { label: q.labels } : {}), ...(q.status ? { status: q.status } : {}) } })) as ContainerSummary[]),
    inspectContainer: async (id) => (await container(id).inspect()) as unknown as ContainerDetails,
    createContainer: async (spec: ContainerSpec) => (await docker.createContainer(spec as Docker.ContainerCreateOptions)).id,
    startContainer: async (id) => void (await container(id).start()),
    stopContainer: async (id, t) => void (await container(id).stop({ t })),
    restartContainer: async (id, t) => void (await container(id).restart({ t })),
    removeContainer: async (id, o) => void (await container(id).remove({ force: o.force, v: o.volumes })),
    signalContainer: async (id, signal) => void (await container(id).kill({ signal })),
    containerPids: async (id) => {
      const top = (await engine.description()).flavour === 'podman' ? await podmanHostPids(id) : await container(id).top({ ps_args: '-o pid' });
      return ((top?.Processes ?? []) as string[][]).map((row) => Number(row[0])).filter((pid) => pid > 0);
    },
    async exec(id, request): Promise<ExecSession> {
      const exec = await container(id).exec(execOptions(request, true));
      const stream = (await exec.start({ hijack: true, stdin: request.stdin === true, Tty: request.tty === true })) as unknown as Duplex;
      return {
        stream,
        resize: async ({ rows, columns }) => void (await exec.resize({ h: rows, w: columns })),
        exitCode: async () => (await exec.inspect()).ExitCode ?? undefined,
      };
    },
    async execDetached(id, request) {
      const exec = await container(id).exec(execOptions(request, false));
      // Detached, the engine answers at once; the answer is read so its connection closes.
      const answer = (await exec.start({ Detach: true })) as unknown as NodeJS.ReadableStream | undefined;
      answer?.resume();
    },
    demux: (stream, stdout, stderr) => docker.modem.demuxStream(stream, stdout, stderr),
    putArchive: async (id, archive, path) => void (await container(id).putArchive(archive as Readable, { path })),
    getArchive: (id, path) => container(id).getArchive({ path }),
    logs: async (id, r) =>
      (await container(id).logs(setOptionsOnly({ follow: true, stdout: true, stderr: true, timestamps: r.timestamps, tail: r.tail, since: r.since, until: r.until }) as Docker.ContainerLogsOptions & { follow: true })) as NodeJS.ReadableStream,
    stats: async (id) => (await container(id).stats({ stream: true })) as unknown as NodeJS.ReadableStream,
    events: (types) => docker.getEvents({ filters: { type: types as Docker.GetEventsOptions['filters'] extends { type?: infer T } ? T : never } }),
    inspectImage: async (ref) => (await docker.getImage(ref).inspect()) as unknown as ImageDetails,
    async pull(ref, auth, onEvent) {
      const stream = await docker.pull(ref, { authconfig: auth });
      await new Promise<void>((resolve, reject) =>
        docker.modem.followProgress(
          stream,
          (err: Error | null, events: PullEvent[]) => {
            const failed = events?.find((e) => e.error);
            if (err || failed) reject(err ?? new Error(failed!.error));
            else resolve();
          },
          onEvent,
        ),
      );
    },
    build: (context, query, signal) =>
      new Promise((resolve, reject) =>
        docker.modem.dial(
          { path: '/build?', method: 'POST', file: context as Readable, options: query, isStream: true, abortSignal: signal, statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' } },
          (err, response) => (err ? reject(err) : resolve(response as NodeJS.ReadableStream)),
        ),
      ),
    listImages: () => docker.listImages({ all: false }),
    removeImage: async (id) => void (await docker.getImage(id).remove()),
    pruneDanglingImages: () => docker.pruneImages({ filters: { dangling: { true: true } } }),
    listVolumes: async () => (await docker.listVolumes()).Volumes ?? [],
    async volumeSizes() {
      const df = (await docker.df()) as { Volumes?: { Name: string; UsageData?: { Size: number } }[] };
      return new Map((df.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size]));
    },
    removeVolume: async (name) => void (await docker.getVolume(name).remove()),
    pruneVolumes: (filters) => docker.pruneVolumes(Object.keys(filters).length ? { filters } : {}),
    networksLabelled: async (label) => (await docker.listNetworks({ filters: { label: [label] } })).map((n) => n.Id),
    removeNetwork: async (id) => void (await docker.getNetwork(id).remove()),
  };
  return withFailures(engine);
}

/** Every rejected request leaves as an EngineFailure carrying the engine's own reason. */
function withFailures(engine: Engine): Engine {
  const wrapped: Record<string, unknown> = { ...engine };
  for (const [name, value] of Object.entries(engine)) {
    if (typeof value !== 'function' || name === 'demux') continue;
    wrapped[name] = (...args: unknown[]) => {
      const answer = (value as (...a: unknown[]) => unknown)(...args);
      return answer instanceof Promise ? answer.catch((err: unknown) => Promise.reject(failure(err))) : answer;
    };
  }
  return wrapped as unknown as Engine;
}

function failure(err: unknown): EngineFailure {
  const e = err as EngineFailure & { json?: { message?: string } | null };
  // docker-modem's own `reason` is the status's name ("bad parameter"): the engine's words replace it.
  if (e && typeof e === 'object') e.reason = e.json?.message ?? e.message;
  return e;
}
