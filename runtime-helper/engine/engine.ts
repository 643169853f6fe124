// The container engine as Berth uses it: the operations `up`, `down`, `exec`, the forwards and
// the trees need, in Berth's own small types. One implementation (engine/dockerode/) talks to
// the Docker-compatible API; tests use an in-memory one. Field names follow the engine API's
// JSON, so what the engine says passes through unchanged.
import type { Duplex, Readable, Writable } from 'node:stream';
import type { EngineDescription, EngineTransport } from './engineDescription';
import type { RegistryAuth } from './registryAuth';
import type { Mount } from '../config/mounts';

export type { Mount };

export type PortBindings = Record<string, { HostIp?: string; HostPort?: string }[]>;

/** The host part of a create request; runArgs may set any of the engine's HostConfig fields. */
export interface HostConfig {
  Mounts?: Mount[];
  PortBindings?: PortBindings;
  Tmpfs?: Record<string, string>;
  NetworkMode?: string;
  ExtraHosts?: string[];
  Links?: string[];
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
  Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  DeviceRequests?: { Driver: string; Count: number; DeviceIDs: string[]; Capabilities: string[][]; Options: Record<string, string> }[];
  RestartPolicy?: { Name: string; MaximumRetryCount?: number };
  CapAdd?: string[];
  SecurityOpt?: string[];
  UsernsMode?: string;
  Privileged?: boolean;
  Init?: boolean;
  Annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** A container-create request (POST /containers/create). */
export interface ContainerSpec {
  name?: string;
  Image: string;
  User?: string;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string | string[];
  Labels?: Record<string, string>;
  WorkingDir?: string;
  ExposedPorts?: Record<string, object>;
  Tty?: boolean;
  OpenStdin?: boolean;
  HostConfig?: HostConfig;
  NetworkingConfig?: { EndpointsConfig?: Record<string, EndpointSettings> };
  Hostname?: string;
  Domainname?: string;
  StopSignal?: string;
  StopTimeout?: number;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number; StartInterval?: number };
  platform?: string;
}

export interface EndpointSettings {
  Aliases?: string[];
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] };
  Links?: string[];
  MacAddress?: string;
  DriverOpts?: Record<string, string>;
  [field: string]: unknown;
}

/** A line of the container list. */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  State: string;
  Status: string;
  Created: number;
  Labels: Record<string, string>;
  Ports?: { PrivatePort: number; PublicPort?: number; IP?: string; Type: string }[];
  Mounts?: { Name?: string; Type?: string; Source?: string; Destination?: string }[];
}

/** What inspecting a container says (the parts Berth reads; the rest passes through). */
export interface ContainerDetails {
  Id: string;
  Name: string;
  Config: { User?: string; Env?: string[]; Labels?: Record<string, string> | null; Image?: string; Tty?: boolean; WorkingDir?: string };
  State: { Status: string; Running: boolean; Pid: number; StartedAt: string; ExitCode?: number };
  NetworkSettings: { IPAddress?: string; Networks?: Record<string, { IPAddress?: string }> };
  HostConfig?: { NetworkMode?: string };
}

/** What inspecting an image says (the parts Berth reads). */
export interface ImageDetails {
  Id: string;
  RepoTags?: string[];
  Config?: { User?: string; Labels?: Record<string, string> | null; Env?: string[]; Entrypoint?: string[] | null; Cmd?: string[] | null; WorkingDir?: string };
}

export interface ImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  Size: number;
  Created: number;
}

export interface VolumeSummary {
  Name: string;
  Driver: string;
  Mountpoint: string;
}

export interface ContainerQuery {
  all?: boolean;
  /** `key=value` or `key`: every one must match. */
  labels?: string[];
  status?: string[];
}

export interface ExecRequest {
  cmd: string[];
  user?: string;
  workdir?: string;
  env?: Record<string, string>;
  /** Attach stdin: the session's stream is also writable. */
  stdin?: boolean;
  /** A terminal: the stream carries one raw stream instead of stdout and stderr frames. */
  tty?: boolean;
}

/** A started exec with its output attached. */
export interface ExecSession {
  /** Without a tty, stdout and stderr come multiplexed: split them with `engine.demux`. */
  stream: Duplex;
  resize(size: { rows: number; columns: number }): Promise<void>;
  /** The exit code once the command ended (undefined while it runs). */
  exitCode(): Promise<number | undefined>;
}

/** The log stream follows the container; `until` ends it at that time. */
export interface LogsRequest {
  timestamps: boolean;
  tail?: number;
  /** Seconds since the epoch. */
  since?: number;
  until?: number;
}

/** One line of a pull's progress stream. */
export interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

export interface PruneAnswer {
  SpaceReclaimed?: number;
  ImagesDeleted?: unknown[];
  VolumesDeleted?: unknown[];
}

export interface VersionAnswer {
  Version?: string;
  ApiVersion: string;
}

/**
 * A failed request: `statusCode` when the engine answered (a refusal), else a connection error
 * (`code`: ENOENT, ECONNREFUSED…). `reason` is the engine's own words, without HTTP wrapping.
 */
export interface EngineFailure extends Error {
  statusCode?: number;
  reason?: string;
  code?: string;
}

export interface Engine {
  /** Human-readable: the socket path, the DOCKER_HOST value or `context NAME (host)`. */
  readonly where: string;
  readonly transport: EngineTransport;
  /** What the engine is and can do (flavour, local or remote, container addresses reachable), asked of it once. */
  description(): Promise<EngineDescription>;
  version(): Promise<VersionAnswer>;

  listContainers(query: ContainerQuery): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerDetails>;
  /** Creates the container; resolves with its id. */
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  restartContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** `volumes`: its anonymous volumes go with it (named ones never do). */
  removeContainer(id: string, options: { force?: boolean; volumes?: boolean }): Promise<void>;
  /** Sends a signal (`SIGUSR2`…) to the container's main process. */
  signalContainer(id: string, signal: string): Promise<void>;
  /** The pids of the container's processes, as the host sees them. */
  containerPids(id: string): Promise<number[]>;

  exec(id: string, request: ExecRequest): Promise<ExecSession>;
  /** Starts a command and does not wait for it or read its output. */
  execDetached(id: string, request: ExecRequest): Promise<void>;
  /** Splits a multiplexed exec or log stream into stdout and stderr. */
  demux(stream: NodeJS.ReadableStream, stdout: Writable, stderr: Writable): void;
  /** Unpacks a tar archive into the container at `path`. */
  putArchive(id: string, archive: Buffer | Readable, path: string): Promise<void>;
  /** A tar archive of one path of the container. */
  getArchive(id: string, path: string): Promise<NodeJS.ReadableStream>;
  logs(id: string, request: LogsRequest): Promise<NodeJS.ReadableStream>;
  /** One JSON sample a line, every second. */
  stats(id: string): Promise<NodeJS.ReadableStream>;
  /** One JSON event a line. */
  events(types: string[]): Promise<NodeJS.ReadableStream>;

  inspectImage(ref: string): Promise<ImageDetails>;
  /** Pulls with the registry credentials given, reporting each progress line; rejects on the first error line. */
  pull(ref: string, auth: RegistryAuth | undefined, onEvent: (e: PullEvent) => void): Promise<void>;
  /**
   * POST /build with a tar context: resolves with the engine's JSON-lines stream. A refused
   * request rejects with an EngineFailure; `signal` ends the build.
   */
  build(context: NodeJS.ReadableStream, query: Record<string, unknown>, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
  listImages(): Promise<ImageSummary[]>;
  removeImage(id: string): Promise<void>;
  pruneDanglingImages(): Promise<PruneAnswer>;

  listVolumes(): Promise<VolumeSummary[]>;
  /** Each volume's size in bytes, when the engine knows it. */
  volumeSizes(): Promise<Map<string, number | undefined>>;
  removeVolume(name: string): Promise<void>;
  pruneVolumes(filters: Record<string, string[]>): Promise<PruneAnswer>;

  networksLabelled(label: string): Promise<string[]>;
  removeNetwork(id: string): Promise<void>;
}
