// The shape of every devcontainer.json property (containers.dev reference), as data,
// so validation is one small walker and the spec is readable in one place.

export type Shape =
  | { kind: 'string' | 'boolean' | 'number' | 'integer' | 'null' | 'any' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'array'; items: Shape }
  | { kind: 'record'; values: Shape }
  | { kind: 'object'; props: Record<string, Shape>; required?: string[]; open?: boolean }
  | { kind: 'oneOf'; options: Shape[]; describe: string };

const string: Shape = { kind: 'string' };
const boolean: Shape = { kind: 'boolean' };
const integer: Shape = { kind: 'integer' };
const any: Shape = { kind: 'any' };
const strings: Shape = { kind: 'array', items: string };
const oneOf = (describe: string, ...options: Shape[]): Shape => ({ kind: 'oneOf', options, describe });
const object = (props: Record<string, Shape>, extra: { required?: string[]; open?: boolean } = {}): Shape => ({ kind: 'object', props, ...extra });
const enumOf = (...values: string[]): Shape => ({ kind: 'enum', values });

const command = oneOf('a string, an array of strings or an object of those', string, strings, { kind: 'record', values: oneOf('a string or an array of strings', string, strings) });
const port = oneOf('a port number or a "host:port" string', integer, string);

const portAttributes = object({
  label: string,
  protocol: enumOf('http', 'https'),
  onAutoForward: enumOf('notify', 'openBrowser', 'openBrowserOnce', 'openPreview', 'silent', 'ignore'),
  requireLocalPort: boolean,
  elevateIfNeeded: boolean,
});

const mount = oneOf(
  'a mount string ("type=bind,source=…,target=…") or an object with type and target',
  string,
  object({ type: enumOf('bind', 'volume', 'tmpfs'), source: string, target: string, readonly: boolean }, { required: ['type', 'target'] }),
);

export const HOOK_NAMES = ['initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand'] as const;

export const devcontainerShape = object({
  $schema: string,
  name: string,
  image: string,
  build: object({ dockerfile: string, context: string, args: { kind: 'record', values: string }, target: string, cacheFrom: oneOf('a string or an array of strings', string, strings), options: strings }),
  dockerFile: string,
  context: string,
  dockerComposeFile: oneOf('a string or an array of strings', string, strings),
  service: string,
  runServices: strings,
  workspaceFolder: string,
  workspaceMount: string,
  mounts: { kind: 'array', items: mount },
  appPort: oneOf('a port, a "host:port" string or an array of those', integer, string, { kind: 'array', items: port }),
  forwardPorts: { kind: 'array', items: port },
  portsAttributes: { kind: 'record', values: portAttributes },
  otherPortsAttributes: portAttributes,
  containerEnv: { kind: 'record', values: string },
  remoteEnv: { kind: 'record', values: oneOf('a string or null', string, { kind: 'null' }) },
  containerUser: string,
  remoteUser: string,
  updateRemoteUserUID: boolean,
  userEnvProbe: enumOf('none', 'loginShell', 'loginInteractiveShell', 'interactiveShell'),
  overrideCommand: boolean,
  shutdownAction: enumOf('none', 'stopContainer', 'stopCompose'),
  init: boolean,
  privileged: boolean,
  capAdd: strings,
  securityOpt: strings,
  runArgs: strings,
  ...Object.fromEntries(HOOK_NAMES.map((h) => [h, command])),
  waitFor: enumOf('initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand'),
  features: { kind: 'record', values: any },
  overrideFeatureInstallOrder: strings,
  customizations: { kind: 'record', values: any },
  hostRequirements: object({ cpus: integer, memory: string, storage: string, gpu: oneOf('true, false, "optional" or an object', boolean, string, { kind: 'record', values: any }) }),
  secrets: { kind: 'record', values: any },
});
