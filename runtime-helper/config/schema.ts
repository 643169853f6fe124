// The shape of every devcontainer.json property (containers.dev reference), as data,
// so validation is one small walker and the spec is readable in one place.
import { HOOK_NAMES, MOUNT_TYPES, ON_AUTO_FORWARD, PORT_PROTOCOLS, SHUTDOWN_ACTIONS, USER_ENV_PROBES, WAIT_FOR } from '../rpc/spec';

export type Shape =
  | { kind: 'string' | 'boolean' | 'number' | 'integer' | 'null' | 'any' }
  | { kind: 'enum'; values: readonly string[] }
  /** A string of a given form, or an integer in a range, described for the message. */
  | { kind: 'pattern'; re: RegExp; describe: string }
  | { kind: 'range'; min: number; max: number; describe: string }
  | { kind: 'array'; items: Shape }
  | { kind: 'record'; values: Shape }
  | { kind: 'object'; props: Record<string, Shape>; required?: string[]; open?: boolean; notes?: Record<string, string> }
  | { kind: 'oneOf'; options: Shape[]; describe: string };

const string: Shape = { kind: 'string' };
const boolean: Shape = { kind: 'boolean' };
const integer: Shape = { kind: 'integer' };
const any: Shape = { kind: 'any' };
const strings: Shape = { kind: 'array', items: string };
const oneOf = (describe: string, ...options: Shape[]): Shape => ({ kind: 'oneOf', options, describe });
const object = (props: Record<string, Shape>, extra: { required?: string[]; open?: boolean; notes?: Record<string, string> } = {}): Shape => ({ kind: 'object', props, ...extra });
const enumOf = (values: readonly string[]): Shape => ({ kind: 'enum', values });

const command = oneOf('a string, an array of strings or an object of those', string, strings, { kind: 'record', values: oneOf('a string or an array of strings', string, strings) });
const portNumber: Shape = { kind: 'range', min: 1, max: 65535, describe: 'a port number (1-65535)' };
const port = oneOf('a port number or a "host:port" string', portNumber, { kind: 'pattern', re: /^[a-z0-9.-]+:\d{1,5}$/i, describe: 'a port number or a "host:port" string' });
const size: Shape = { kind: 'pattern', re: /^\d+([tgmk]b)?$/i, describe: 'a size such as "4gb"' };

const portAttributes = object({
  label: string,
  protocol: enumOf(PORT_PROTOCOLS),
  onAutoForward: enumOf(ON_AUTO_FORWARD),
  requireLocalPort: boolean,
  elevateIfNeeded: boolean,
});

const mount = oneOf(
  'a mount string ("type=bind,source=…,target=…") or an object with type and target',
  string,
  object({ type: enumOf(MOUNT_TYPES), source: string, target: string, readonly: boolean }, { required: ['type', 'target'] }),
);

export const devcontainerProps: Record<string, Shape> = {
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
  // appPort strings are handed to the engine as publish specs ("8000:8010"), which it checks.
  appPort: oneOf('a port, a "host:port" string or an array of those', portNumber, string, { kind: 'array', items: oneOf('a port number or a "host:port" string', portNumber, string) }),
  forwardPorts: { kind: 'array', items: port },
  portsAttributes: { kind: 'record', values: portAttributes },
  otherPortsAttributes: portAttributes,
  containerEnv: { kind: 'record', values: string },
  remoteEnv: { kind: 'record', values: oneOf('a string or null', string, { kind: 'null' }) },
  containerUser: string,
  remoteUser: string,
  updateRemoteUserUID: boolean,
  userEnvProbe: enumOf(USER_ENV_PROBES),
  overrideCommand: boolean,
  shutdownAction: enumOf(SHUTDOWN_ACTIONS),
  init: boolean,
  privileged: boolean,
  capAdd: strings,
  securityOpt: strings,
  runArgs: strings,
  ...Object.fromEntries(HOOK_NAMES.map((h) => [h, command])),
  waitFor: enumOf(WAIT_FOR),
  features: { kind: 'record', values: oneOf('an object of options, a version string or a boolean', { kind: 'record', values: any }, string, boolean) },
  overrideFeatureInstallOrder: strings,
  customizations: { kind: 'record', values: any },
  hostRequirements: object({
    cpus: { kind: 'range', min: 1, max: Number.MAX_SAFE_INTEGER, describe: 'a whole number of CPUs (at least 1)' },
    memory: size,
    storage: size,
    gpu: oneOf('true, false, "optional" or an object with cores and memory', boolean, enumOf(['optional']), object({ cores: integer, memory: size })),
  }),
  secrets: { kind: 'record', values: object({ description: string, documentationUrl: string }) },
};

/** VS Code settings from before "customizations", read as customizations.vscode (legacy.ts). */
export const LEGACY_VSCODE_KEYS = ['extensions', 'settings', 'devPort'] as const;

export const devcontainerShape = object(devcontainerProps, {
  // Top-level VS Code settings from before "customizations"; still common in old configs.
  notes: Object.fromEntries(LEGACY_VSCODE_KEYS.map((k) => [k, `a legacy property, read as customizations.vscode.${k}; move it there`])),
});

/** Properties the spec defines that Berth does not act on: accepted, with a warning. */
export const UNSUPPORTED: Record<string, string> = {
  hostRequirements: 'Berth does not check host requirements; this is ignored',
};
