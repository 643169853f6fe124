// An Engine held in memory, for the pipeline's stage tests: containers, images and execs
// as plain data, with what each call did recorded. Exec output is scripted per command.
import { Duplex, PassThrough, Readable, type Writable } from 'node:stream';
import type { ContainerDetails, ContainerSpec, ContainerSummary, Engine, ExecRequest, ImageDetails } from '../../runtime-helper/engine/engine';
import type { EngineDescription } from '../../runtime-helper/engine/engineDescription';

export interface MemoryContainer {
  spec: ContainerSpec;
  summary: ContainerSummary;
  startedAt: string;
  /** What its main process wrote, as log frames. */
  log?: Buffer[];
  /** Its init command's run-once marker exists (up/firstHookInInit.ts). */
  initHookRan?: boolean;
}

export interface ExecAnswer {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

export interface ExecRecord extends ExecRequest {
  containerId: string;
  /** Run by the container's init process (up/firstHookInInit.ts), not through the exec API. */
  inInit?: boolean;
}

export class MemoryEngine implements Engine {
  readonly where = 'memory';
  readonly transport = { kind: 'unix', socketPath: '/memory.sock' } as const;
  readonly images = new Map<string, ImageDetails>();
  readonly containers = new Map<string, MemoryContainer>();
  readonly execs: ExecRecord[] = [];
  /** Every call, as `method arg`, in order. */
  readonly calls: string[] = [];
  /** What an exec answers; the default succeeds silently. */
  answer: (record: ExecRecord) => ExecAnswer = () => ({});
  private next = 1;
  private clock = 0;

  constructor(private readonly described: EngineDescription = { flavour: 'docker', isLocal: true, sharesKernel: true, reachesContainerAddresses: true, rootless: false }) {}

  addImage(ref: string, config: ImageDetails['Config'] = {}): void {
    this.images.set(ref, { Id: `sha256:${ref}`, RepoTags: [ref], Config: config });
  }

  async description() {
    return this.described;
  }
  async version() {
    return { Version: '0.0-memory', ApiVersion: '1.41' };
  }

  async listContainers(q: { all?: boolean; labels?: string[]; status?: string[] }) {
    this.calls.push('listContainers');
    return [...this.containers.values()]
      .map((c) => c.summary)
      .filter((c) => (q.all || c.State === 'running') && (!q.status || q.status.includes(c.State)))
      .filter((c) => (q.labels ?? []).every((l) => (l.includes('=') ? c.Labels[l.slice(0, l.indexOf('='))] === l.slice(l.indexOf('=') + 1) : l in c.Labels)));
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    const c = this.container(id);
    return {
      Id: id,
      Name: `/${id}`,
      Config: { User: c.spec.User ?? this.images.get(c.spec.Image)?.Config?.User ?? '', Env: c.spec.Env ?? [], Labels: c.summary.Labels, Image: c.spec.Image },
      State: { Status: c.summary.State, Running: c.summary.State === 'running', Pid: 0, StartedAt: c.startedAt },
      NetworkSettings: { IPAddress: '10.0.0.2' },
    };
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    if (!this.images.has(spec.Image)) throw Object.assign(new Error(`No such image: ${spec.Image}`), { statusCode: 404, reason: `No such image: ${spec.Image}` });
    const id = `c${this.next++}`.padEnd(12, '0');
    this.calls.push(`createContainer ${spec.Image}`);
    this.containers.set(id, { spec, startedAt: '', summary: { Id: id, Names: [`/${id}`], Image: spec.Image, State: 'created', Status: 'Created', Created: this.next, Labels: { ...spec.Labels } } });
    return id;
  }

  async startContainer(id: string) {
    this.calls.push(`startContainer ${id}`);
    const c = this.container(id);
    c.summary.State = 'running';
    c.startedAt = `2026-01-01T00:00:${String(this.clock++).padStart(2, '0')}Z`;
    this.runInit(id, c);
  }

  /**
   * Berth's init command that runs the first create hook (up/firstHookInInit.ts) does here what
   * it does in a real container: the hook answers as an exec would, between its status lines in
   * the log, once per container.
   */
  private runInit(id: string, c: MemoryContainer): void {
    const cmd = c.spec.Cmd ?? [];
    const at = cmd.indexOf('berth-init');
    if (at < 0) return;
    const [token, workdir] = cmd.slice(at + 1);
    const out = (text: string, type = 1) => (c.log ??= []).push(frame(type, text));
    out('Container started\n');
    if (c.initHookRan) return void out(`${token} skipped\n`);
    c.initHookRan = true;
    const record: ExecRecord = { containerId: id, cmd: cmd.slice(cmd.indexOf('berth-hook', at) + 2), user: c.spec.User ?? this.images.get(c.spec.Image)?.Config?.User ?? '', workdir, inInit: true };
    this.execs.push(record);
    const answer = this.answer(record);
    out(`${token} begin\n`);
    if (answer.stdout) out(answer.stdout);
    if (answer.stderr) out(answer.stderr, 2);
    out(`${token} end ${answer.exitCode ?? 0}\n`);
  }
  async stopContainer(id: string) {
    this.calls.push(`stopContainer ${id}`);
    this.container(id).summary.State = 'exited';
  }
  async restartContainer(id: string) {
    await this.stopContainer(id);
    await this.startContainer(id);
  }
  async removeContainer(id: string) {
    this.calls.push(`removeContainer ${id}`);
    this.containers.delete(id);
  }
  async signalContainer(id: string, signal: string) {
    this.calls.push(`signalContainer ${id} ${signal}`);
  }
  async containerPids() {
    return [];
  }

  async exec(containerId: string, request: ExecRequest) {
    const record = { containerId, ...request };
    this.execs.push(record);
    const answer = this.answer(record);
    const out = new PassThrough();
    setImmediate(() => {
      if (answer.stdout) out.write(frame(1, answer.stdout));
      if (answer.stderr) out.write(frame(2, answer.stderr));
      out.end();
    });
    const stream = Duplex.from({ readable: out, writable: new PassThrough() });
    return { stream, resize: async () => undefined, exitCode: async () => answer.exitCode ?? 0 };
  }

  async execDetached(containerId: string, request: ExecRequest) {
    this.execs.push({ containerId, ...request });
  }

  /** The frames `exec` writes: an 8-byte header (stream, 0, 0, 0, length), then the bytes. */
  demux(stream: NodeJS.ReadableStream, stdout: Writable, stderr: Writable): void {
    let pending = Buffer.alloc(0);
    stream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 8 && pending.length >= 8 + pending.readUInt32BE(4)) {
        const length = pending.readUInt32BE(4);
        (pending[0] === 2 ? stderr : stdout).write(pending.subarray(8, 8 + length));
        pending = pending.subarray(8 + length);
      }
    });
  }

  async putArchive() {}
  async getArchive(): Promise<NodeJS.ReadableStream> {
    throw Object.assign(new Error('no such file'), { statusCode: 404 });
  }
  async logs(id: string) {
    return Readable.from(this.containers.get(id)?.log ?? []);
  }
  async stats() {
    return Readable.from([]);
  }
  async events() {
    return new PassThrough();
  }

  async inspectImage(ref: string): Promise<ImageDetails> {
    const image = this.images.get(ref);
    if (!image) throw Object.assign(new Error(`No such image: ${ref}`), { statusCode: 404, reason: `No such image: ${ref}` });
    return image;
  }
  async pull(ref: string) {
    this.calls.push(`pull ${ref}`);
    this.addImage(ref);
  }
  async build(_context: NodeJS.ReadableStream, query: Record<string, unknown>) {
    this.calls.push(`build ${String(query.t)}`);
    this.addImage(String(query.t));
    return Readable.from([`${JSON.stringify({ stream: 'Step 1/1 : FROM scratch\n' })}\n`]);
  }
  async listImages() {
    return [...this.images.values()].map((i) => ({ Id: i.Id, RepoTags: i.RepoTags, Size: 0, Created: 0 }));
  }
  async removeImage(id: string) {
    this.images.delete(id);
  }
  async pruneDanglingImages() {
    return {};
  }
  async listVolumes() {
    return [];
  }
  async volumeSizes() {
    return new Map<string, number | undefined>();
  }
  async removeVolume() {}
  async pruneVolumes() {
    return {};
  }
  async networksLabelled() {
    return [];
  }
  async removeNetwork() {}

  private container(id: string): MemoryContainer {
    const c = this.containers.get(id);
    if (!c) throw Object.assign(new Error(`No such container: ${id}`), { statusCode: 404, reason: `No such container: ${id}` });
    return c;
  }
}

/** A frame of a multiplexed stream: an 8-byte header (stream, 0, 0, 0, length), then the bytes. */
function frame(type: number, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}
