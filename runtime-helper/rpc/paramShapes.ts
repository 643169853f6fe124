// The shape of each request's params, checked by the helper before any handler runs: a client
// is any local program, and a wrong type must be refused in one line, not reach the engine or a
// path function and come back as a JavaScript TypeError. The compiler derives each field's kind
// from Requests, so this table cannot drift from the protocol. Nested objects are checked as objects.
import type { ParamsOf, RequestName } from './protocol';

type Base<T> = T extends string ? 'string' : T extends number ? 'number' : T extends boolean ? 'boolean' : T extends readonly unknown[] ? 'array' : string extends keyof T ? 'strings' : 'object';
/** A field's kind; `?` when it may be left out. */
type Kind<T> = undefined extends T ? `${Base<NonNullable<T>>}?` : Base<T>;
/** Not distributed over a union of params: only the fields every member has are checked. */
type Shape<P> = { [K in Extract<keyof P, keyof P>]: Kind<P[K]> };

const workspace = { workspaceFolder: 'string', configFile: 'string?' } as const;
const upLike = { ...workspace, removeExistingContainer: 'boolean?', buildNoCache: 'boolean?', dockerComposePath: 'string?', frozenLockfile: 'boolean?', noLockfile: 'boolean?', progressToken: 'string?' } as const;
const none = {} as const;

export const PARAM_SHAPES: { [M in RequestName]: Shape<ParamsOf<M>> } = {
  hello: { clientName: 'string', protocolVersion: 'number', env: 'strings?', settings: 'object?' },
  'engine.status': none,
  'engine.contexts': none,
  up: { ...upLike, remoteServerVolume: 'boolean?' },
  down: { ...workspace, remove: 'boolean?' },
  'window.attachment': { workspaceFolder: 'string?' },
  'window.closing': { ...workspace, delayMs: 'number' },
  build: upLike,
  readConfiguration: { ...workspace, includeFeaturesConfiguration: 'boolean?' },
  'features.resolveDependencies': workspace,
  validateConfiguration: { file: 'string', text: 'string' },
  findContainer: workspace,
  'remoteServer.start': { ...workspace, serverRoot: 'string?', proxyUri: 'string?', client: 'object?', hostExtensions: 'strings?', progressToken: 'string?' },
  'remoteServer.stop': workspace,
  'remoteServer.pipe': workspace,
  'ports.list': { workspaceFolder: 'string?' },
  'ports.add': { workspaceFolder: 'string', containerPort: 'number', localPort: 'number?', label: 'string?' },
  'ports.remove': { workspaceFolder: 'string', containerPort: 'number' },
  'containers.list': none,
  'containers.action': { id: 'string', action: 'string' },
  'containers.inspect': { id: 'string' },
  'images.list': none,
  'images.remove': { id: 'string' },
  'images.prune': none,
  'volumes.list': none,
  'volumes.remove': { name: 'string' },
  'volumes.prune': none,
  'logs.subscribe': { follow: 'boolean', tail: 'number?', timestamps: 'boolean?' },
  'logs.unsubscribe': { subscriptionId: 'string' },
  'stats.subscribe': { containerId: 'string?' },
  'stats.unsubscribe': { subscriptionId: 'string' },
  'operations.list': none,
  'operations.log': { id: 'string' },
  'terminal.open': { ...workspace, containerId: 'string?', cols: 'number', rows: 'number', command: 'array?' },
  'terminal.input': { terminalId: 'string', data: 'string' },
  'terminal.resize': { terminalId: 'string', cols: 'number', rows: 'number' },
  'terminal.close': { terminalId: 'string' },
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const PLAIN: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  strings: (v) => PLAIN.object(v) && Object.values(v as object).every((x) => typeof x === 'string'),
};
const NAMES: Record<string, string> = { string: 'a string', number: 'a finite number', boolean: 'a boolean', array: 'an array', object: 'an object', strings: 'an object of strings' };

/** Why `params` do not fit `method`'s shape, or undefined when they do. Fields the shape does not name are left alone. */
export function paramsProblem(method: RequestName, params: unknown): string | undefined {
  if (!PLAIN.object(params)) return `the params of "${method}" must be an object, got ${describe(params)}`;
  for (const [field, kind] of Object.entries(PARAM_SHAPES[method] as Record<string, string>)) {
    const value = (params as Record<string, unknown>)[field];
    const optional = kind.endsWith('?');
    const base = optional ? kind.slice(0, -1) : kind;
    if (value === undefined && optional) continue;
    if (!PLAIN[base](value)) return `"${method}": '${field}' must be ${NAMES[base]}, got ${value === undefined ? 'nothing' : describe(value)}`;
  }
  return undefined;
}
