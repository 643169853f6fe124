// The image's devcontainer.metadata label merged with devcontainer.json, following
// the spec's merge logic: image entries first, the config last.
import { LIFECYCLE_HOOKS, type ContainerHookName, type DevContainerConfig, type LifecycleCommand, type MergedConfig, type MountObject } from './types';

type Entry = Partial<DevContainerConfig>;

/** The label holds an array of entries (or one); anything else counts as none. */
export function parseMetadataLabel(label: string | undefined): Entry[] {
  if (!label) return [];
  try {
    const value = JSON.parse(label);
    const list = Array.isArray(value) ? value : [value];
    return list.filter((e) => e && typeof e === 'object' && !Array.isArray(e));
  } catch {
    return [];
  }
}

/** The config's own entry, stored on the container so the merged result can be rebuilt. */
export function metadataEntryFor(config: DevContainerConfig): Entry {
  const keep: (keyof DevContainerConfig)[] = [
    'remoteUser', 'containerUser', 'remoteEnv', 'containerEnv', 'updateRemoteUserUID', 'userEnvProbe', 'overrideCommand', 'shutdownAction',
    'init', 'privileged', 'capAdd', 'securityOpt', 'mounts', 'forwardPorts', 'portsAttributes', 'otherPortsAttributes', 'customizations', ...LIFECYCLE_HOOKS,
  ];
  return Object.fromEntries(keep.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
}

export function mergeMetadata(config: DevContainerConfig, imageEntries: Entry[]): MergedConfig {
  const entries = [...imageEntries, metadataEntryFor(config)];
  const last = <K extends keyof DevContainerConfig>(key: K): DevContainerConfig[K] => entries.reduce<DevContainerConfig[K]>((v, e) => (e[key] !== undefined ? (e[key] as DevContainerConfig[K]) : v), undefined);
  const any = (key: 'init' | 'privileged') => (entries.some((e) => e[key] === true) ? true : last(key));
  const union = <T>(key: 'capAdd' | 'securityOpt' | 'forwardPorts'): T[] | undefined => {
    const all = entries.flatMap((e) => (e[key] as T[] | undefined) ?? []);
    return all.length ? [...new Set(all)] : undefined;
  };
  const merged = <K extends 'containerEnv' | 'remoteEnv' | 'portsAttributes'>(key: K) => {
    const parts = entries.map((e) => e[key]).filter(Boolean);
    return parts.length ? (Object.assign({}, ...parts) as DevContainerConfig[K]) : undefined;
  };
  const hooks = Object.fromEntries(
    LIFECYCLE_HOOKS.map((h) => [h, entries.map((e) => e[h]).filter((c): c is LifecycleCommand => c !== undefined)]),
  ) as Record<ContainerHookName, LifecycleCommand[]>;

  const { onCreateCommand: _a, updateContentCommand: _b, postCreateCommand: _c, postStartCommand: _d, postAttachCommand: _e, ...rest } = config;
  return {
    ...rest,
    remoteUser: last('remoteUser'),
    containerUser: last('containerUser'),
    updateRemoteUserUID: last('updateRemoteUserUID'),
    userEnvProbe: last('userEnvProbe'),
    overrideCommand: last('overrideCommand'),
    shutdownAction: last('shutdownAction'),
    otherPortsAttributes: last('otherPortsAttributes'),
    init: any('init'),
    privileged: any('privileged'),
    capAdd: union('capAdd'),
    securityOpt: union('securityOpt'),
    forwardPorts: union('forwardPorts'),
    containerEnv: merged('containerEnv') as Record<string, string> | undefined,
    remoteEnv: merged('remoteEnv'),
    portsAttributes: merged('portsAttributes'),
    mounts: mergeMounts(entries),
    customizations: config.customizations,
    hooks,
  };
}

/** Mounts are collected; a later mount on the same target replaces an earlier one. */
function mergeMounts(entries: Entry[]): (string | MountObject)[] | undefined {
  const byTarget = new Map<string, string | MountObject>();
  for (const m of entries.flatMap((e) => e.mounts ?? [])) byTarget.set(mountTarget(m), m);
  return byTarget.size ? [...byTarget.values()] : undefined;
}

function mountTarget(m: string | MountObject): string {
  if (typeof m !== 'string') return m.target;
  const part = m.split(',').find((p) => /^(target|destination|dst)=/.test(p.trim()));
  return part ? part.slice(part.indexOf('=') + 1) : m;
}
