// The helper's JSON-RPC protocol, shared by the CLI, the extension and the helper.
// This file must stay free of dockerode and vscode imports: both sides bundle it.
import type { ProgressEvent } from '../util/progress';
import { ok, type BerthError, type Result } from '../util/result';
import type { OnAutoForward, PortProtocol } from './spec';

/** Bumped on any incompatible change. A client that finds an older helper starts its own. */
export const PROTOCOL_VERSION = 1;

// ---- shared shapes -------------------------------------------------------

export interface WorkspaceRef {
  /** Absolute path of the folder on the host. */
  workspaceFolder: string;
  /** Absolute path of the devcontainer.json, when not discovered. */
  configFile?: string;
}

export interface UpParams extends WorkspaceRef {
  removeExistingContainer?: boolean;
  buildNoCache?: boolean;
  /** --docker-compose-path: the compose program for compose configs. */
  dockerComposePath?: string;
  /** --frozen-lockfile: fail when the features' lockfile would change. */
  frozenLockfile?: boolean;
  /** --no-lockfile: neither read nor write the features' lockfile. */
  noLockfile?: boolean;
  /** Progress notifications for this call carry this token. */
  progressToken?: string;
}

export interface UpResult {
  containerId: string;
  remoteUser: string;
  remoteWorkspaceFolder: string;
  /** The merged configuration, after substitution. */
  configuration?: unknown;
}

export interface RemoteServerParams extends WorkspaceRef {
  /** code-server: the VS Code server build it carries (its `vscode.env.appRoot`), run with the host's Node. */
  serverRoot?: string;
  /** code-server: its port proxy's address template (`VSCODE_PROXY_URI`, with `{{port}}`), for the container window's PORTS view. */
  proxyUri?: string;
  /** A desktop editor (VSCodium): its `appRoot`, whose product.json names the server build of its commit; `tarball` (the berth.remoteServer.tarball setting) for offline machines. */
  client?: { appRoot: string; tarball?: string };
  /** Extension id -> folder of the editor's installed copy: copied into the container, offline. */
  hostExtensions?: Record<string, string>;
  progressToken?: string;
}

/** A VS Code server running in the dev container, reachable on the host. */
export interface RemoteServerInfo {
  containerId: string;
  /** "127.0.0.1:PORT": the helper's forward to the server. */
  localAddress: string;
  localPort: number;
  /** The connection token: the page's `?tkn=`. Never logged. */
  token: string;
  remoteWorkspaceFolder: string;
  commit: string;
  version: string;
  /** customizations.vscode.extensions that could not be installed, with why. */
  extensionsFailed: { id: string; reason: string }[];
}

/** A response that failed with a user-facing error. */
export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: BerthError };

export type PortOrigin = 'config' | 'detected' | 'user';

export interface PortForward {
  workspaceFolder: string;
  containerId: string;
  containerPort: number;
  /** "127.0.0.1:3000" once bound; undefined while failing. */
  localAddress?: string;
  localPort?: number;
  label?: string;
  protocol?: PortProtocol;
  onAutoForward?: OnAutoForward;
  origin: PortOrigin;
  /** The listening process inside the container, e.g. "node server.js", when known. */
  process?: string;
  /** 'direct' to the container's address, or 'relay' through an exec in the container. */
  path?: 'direct' | 'relay';
  /** Set when the forward cannot bind or connect; shown to the user. */
  error?: string;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: string; // running | exited | paused | restarting | created | dead
  status: string; // "Up 3 minutes"
  created: number; // seconds since epoch
  labels: Record<string, string>;
  ports: { containerPort: number; hostPort?: number; hostIp?: string }[];
  /** Set for dev containers: the devcontainer.local_folder label. */
  localFolder?: string;
  /** Set for compose containers: the com.docker.compose.project label. */
  composeProject?: string;
}

export interface ImageSummary {
  id: string;
  repoTags: string[];
  size: number;
  created: number;
  dangling: boolean;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  /** Bytes, when the engine reports it (system df). */
  size?: number;
  /** Names of containers that mount it. */
  usedBy: string[];
}

/** One container's log, or every container of a compose project with each line led by its service's name. */
export type LogsSubscribeParams = ({ containerId: string } | { composeProject: string }) & { follow: boolean; tail?: number; timestamps?: boolean };

export interface LogLine {
  /** ISO timestamp from the engine. */
  time: string;
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}

/** One Berth operation (up, build, hooks) for the Logs tree. */
export interface OperationSummary {
  id: string;
  kind: 'up' | 'build' | 'down' | 'hook';
  workspaceFolder: string;
  startedAt: number;
  endedAt?: number;
  outcome?: 'success' | 'error';
  title: string;
}

export interface EngineEvent {
  type: string; // container | image | volume | network
  action: string; // start | die | destroy | pull | ...
  id: string;
  time: number;
  attributes: Record<string, string>;
}

export interface EngineStatus {
  ok: boolean;
  /** Where the engine lives: unix socket path, DOCKER_HOST or context name. */
  endpoint: string;
  version?: string;
  error?: BerthError;
}

/** A docker context of the caller's docker config (`default` is the local engine). */
export interface EngineContext {
  name: string;
  /** Its engine address: unix://, tcp:// or ssh://. */
  host: string;
  /** The one the caller's DOCKER_CONTEXT or currentContext selects. */
  current: boolean;
}

/** One `docker stats` sample of a running container: bytes, and CPU in % of one CPU. */
export interface ContainerStats {
  id: string;
  cpuPercent: number;
  memoryUsed: number;
  memoryLimit: number;
  networkRx: number;
  networkTx: number;
  blockRead: number;
  blockWrite: number;
}

/** A problem in a devcontainer.json, for the editor's Problems panel (1-based positions, end exclusive). */
export interface ConfigDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  property?: string;
  fix?: string;
  start: { line: number; column: number };
  end?: { line: number; column: number };
  /** A mechanical fix: replace start..end with newText. */
  quickFix?: { title: string; start: { line: number; column: number }; end: { line: number; column: number }; newText: string };
}

// ---- requests: method name -> [params, result] ---------------------------

/** How forwarded ports reach the container: `auto` decides from the engine's description. */
export type ForwardMode = 'auto' | 'direct' | 'relay';

/** The caller's Berth settings (the editor's `berth.*`), carried with its requests. */
export interface ClientSettings {
  forwardMode?: ForwardMode;
}

export interface Requests {
  /** `env` is the client's environment: ${localEnv:…} and DOCKER_HOST are the caller's, not the helper's; `settings` its Berth settings. */
  hello: [{ clientName: string; protocolVersion: number; env?: Record<string, string>; settings?: ClientSettings }, { helperVersion: string; protocolVersion: number; pid: number }];
  'engine.status': [Record<string, never>, EngineStatus];
  'engine.contexts': [Record<string, never>, EngineContext[]];

  /** `remoteServerVolume`: the caller will start a VS Code server in the container (remoteServer.start), so a new container gets a named volume for its data. */
  up: [UpParams & { remoteServerVolume?: boolean }, RpcResult<UpResult>];
  down: [WorkspaceRef & { remove?: boolean }, RpcResult<{ containerId?: string }>];
  /** The folder whose dev container this window is attached to now, if any (a pending down of it is off). */
  'window.attachment': [{ workspaceFolder?: string }, void];
  /** This window closes: when no other window is attached, `down` after `delayMs` unless one attaches again. */
  'window.closing': [WorkspaceRef & { delayMs: number }, { downScheduled: boolean }];
  build: [UpParams, RpcResult<{ imageName: string }>];
  readConfiguration: [WorkspaceRef & { includeFeaturesConfiguration?: boolean }, RpcResult<unknown>];
  /** The features' install order, as `devcontainer features resolve-dependencies` prints it. */
  'features.resolveDependencies': [WorkspaceRef, RpcResult<{ installOrder: { id: string; options: unknown }[] }>];
  /** Parses and validates a config's text as `up` would (the editor's copy, saved or not). */
  validateConfiguration: [{ file: string; text: string }, ConfigDiagnostic[]];
  /** The container Berth would use for this folder, if one exists. */
  findContainer: [WorkspaceRef, RpcResult<{ containerId?: string; state?: string }>];

  /** Installs (once per commit) and starts a VS Code server in the running dev container, forwarded on 127.0.0.1. */
  'remoteServer.start': [RemoteServerParams, RpcResult<RemoteServerInfo>];
  'remoteServer.stop': [WorkspaceRef, RpcResult<void>];
  /** A one-time byte pipe (a Unix socket's path, 0600) to the running server, for a remote-authority resolver. */
  'remoteServer.pipe': [WorkspaceRef, RpcResult<{ path: string }>];

  'ports.list': [{ workspaceFolder?: string }, PortForward[]];
  'ports.add': [{ workspaceFolder: string; containerPort: number; localPort?: number; label?: string }, RpcResult<PortForward>];
  'ports.remove': [{ workspaceFolder: string; containerPort: number }, RpcResult<void>];

  'containers.list': [Record<string, never>, RpcResult<ContainerSummary[]>];
  'containers.action': [{ id: string; action: 'start' | 'stop' | 'restart' | 'remove' }, RpcResult<void>];
  'containers.inspect': [{ id: string }, RpcResult<unknown>];
  'images.list': [Record<string, never>, RpcResult<ImageSummary[]>];
  'images.remove': [{ id: string }, RpcResult<void>];
  'images.prune': [Record<string, never>, RpcResult<{ spaceReclaimed: number; deleted: number }>];
  'volumes.list': [Record<string, never>, RpcResult<VolumeSummary[]>];
  'volumes.remove': [{ name: string }, RpcResult<void>];
  'volumes.prune': [Record<string, never>, RpcResult<{ spaceReclaimed: number; deleted: number }>];

  /** Streams a container's (or a compose project's) log as `logs.data`, following it across restarts when `follow`. */
  'logs.subscribe': [LogsSubscribeParams, RpcResult<{ subscriptionId: string }>];
  'logs.unsubscribe': [{ subscriptionId: string }, void];
  /** Streams every running container's stats (or one container's) as `stats.data`, about one sample a second each, until unsubscribed. */
  'stats.subscribe': [{ containerId?: string }, { subscriptionId: string }];
  'stats.unsubscribe': [{ subscriptionId: string }, void];
  'operations.list': [Record<string, never>, OperationSummary[]];
  'operations.log': [{ id: string }, RpcResult<LogLine[]>];

  /** An interactive shell in the container, streamed as `terminal.data`. */
  'terminal.open': [WorkspaceRef & { containerId?: string; cols: number; rows: number; command?: string[] }, RpcResult<{ terminalId: string }>];
  'terminal.input': [{ terminalId: string; data: string }, void];
  'terminal.resize': [{ terminalId: string; cols: number; rows: number }, void];
  'terminal.close': [{ terminalId: string }, void];
}

// ---- notifications from the helper ---------------------------------------

export interface Notifications {
  progress: { token: string; event: ProgressEvent };
  'engine.event': EngineEvent;
  'engine.status': EngineStatus;
  'ports.changed': { workspaceFolder: string; ports: PortForward[] };
  'logs.data': { subscriptionId: string; lines: LogLine[] };
  /** The followed container stopped or restarted; the stream goes on. */
  'logs.gap': { subscriptionId: string; reason: string };
  /** The log ended (not following, or unsubscribed). */
  'logs.end': { subscriptionId: string };
  'operations.changed': { operation: OperationSummary };
  'stats.data': { subscriptionId: string; stats: ContainerStats };
  /** The container stopped or went away: its stats end. */
  'stats.end': { subscriptionId: string; id: string };
  'terminal.data': { terminalId: string; data: string };
  /** `containerStopped`: the shell ended because its container stopped (a restart, a rebuild), not by itself. */
  'terminal.exit': { terminalId: string; code: number; containerStopped?: boolean };
}

export type RequestName = keyof Requests;
export type ParamsOf<M extends RequestName> = Requests[M][0];
export type ResultOf<M extends RequestName> = Requests[M][1];
export type NotificationName = keyof Notifications;

/**
 * Which requests answer an RpcResult. A client needs it at run time to tell a failure from a
 * value (engine.status has its own `ok`); the compiler keeps it complete and true to Requests.
 */
export const ANSWERS_RESULT: { [M in RequestName]: ResultOf<M> extends RpcResult<unknown> ? true : false } = {
  hello: false,
  'engine.status': false,
  'engine.contexts': false,
  up: true,
  down: true,
  'window.attachment': false,
  'window.closing': false,
  build: true,
  readConfiguration: true,
  'features.resolveDependencies': true,
  validateConfiguration: false,
  findContainer: true,
  'ports.list': false,
  'ports.add': true,
  'ports.remove': true,
  'containers.list': true,
  'containers.action': true,
  'containers.inspect': true,
  'images.list': true,
  'images.remove': true,
  'images.prune': true,
  'volumes.list': true,
  'volumes.remove': true,
  'volumes.prune': true,
  'logs.subscribe': true,
  'logs.unsubscribe': false,
  'stats.subscribe': false,
  'stats.unsubscribe': false,
  'operations.list': false,
  'operations.log': true,
  'terminal.open': true,
  'terminal.input': false,
  'terminal.resize': false,
  'terminal.close': false,
  'remoteServer.start': true,
  'remoteServer.stop': true,
  'remoteServer.pipe': true,
};

/** A request's answer with its failure as a value: an RpcResult as it is, any other answer as a success. */
export type Answer<M extends RequestName> = ResultOf<M> extends RpcResult<infer T> ? Result<T> : Result<ResultOf<M>>;

export function answerOf<M extends RequestName>(method: M, answer: ResultOf<M>): Answer<M> {
  return (ANSWERS_RESULT[method] ? answer : ok(answer)) as Answer<M>;
}
