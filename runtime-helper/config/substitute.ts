// The spec's ${…} variables. Host-side ones are resolved when the config loads;
// ${containerEnv:…} waits until the container's environment is known.
import { basename } from 'node:path';

export interface HostVariables {
  env: NodeJS.ProcessEnv;
  localWorkspaceFolder: string;
  containerWorkspaceFolder: string;
  devcontainerId: string;
}

const VARIABLE = /\$\{([a-zA-Z]+)(?::([^}]*))?\}/g;

export function substituteHost<T>(value: T, vars: HostVariables): T {
  return mapStrings(value, (s) =>
    s.replace(VARIABLE, (match, name: string, arg: string | undefined) => {
      switch (name) {
        case 'localEnv':
        case 'env':
          return lookup(vars.env, arg) ?? match;
        case 'localWorkspaceFolder':
          return vars.localWorkspaceFolder;
        case 'localWorkspaceFolderBasename':
          return basename(vars.localWorkspaceFolder);
        case 'containerWorkspaceFolder':
          return vars.containerWorkspaceFolder;
        case 'containerWorkspaceFolderBasename':
          return basename(vars.containerWorkspaceFolder);
        case 'devcontainerId':
          return vars.devcontainerId;
        default:
          return match;
      }
    }),
  );
}

/** Resolves ${containerEnv:VAR[:default]}, used for remoteEnv once the container runs. */
export function substituteContainerEnv<T>(value: T, containerEnv: Record<string, string | undefined>): T {
  return mapStrings(value, (s) => s.replace(VARIABLE, (match, name: string, arg: string | undefined) => (name === 'containerEnv' ? lookup(containerEnv, arg) ?? match : match)));
}

/** `VAR` or `VAR:default`; an unset variable without a default becomes empty, as in the spec. */
function lookup(env: Record<string, string | undefined>, arg: string | undefined): string | undefined {
  if (!arg) return undefined;
  const colon = arg.indexOf(':');
  const name = colon < 0 ? arg : arg.slice(0, colon);
  const fallback = colon < 0 ? '' : arg.slice(colon + 1);
  return env[name] ?? fallback;
}

function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  return value;
}
