// The image's devcontainer.metadata label merged with devcontainer.json, following
// the spec's merge logic: image entries first, the config last.
import { tooDeep } from './nesting';
import { devcontainerProps } from './schema';
import { CONTAINER_HOOKS, type ContainerHookName } from '../rpc/spec';
import { type DevContainerConfig, type HookCommand, type MergedConfig, type MountObject } from './types';
import { conforms, isObject } from './validate';

type Entry = Partial<DevContainerConfig>;

/** The properties the spec allows in the label (marked 🏷️ in the reference). */
const METADATA_KEYS = [
  'remoteUser', 'containerUser', 'remoteEnv', 'containerEnv', 'updateRemoteUserUID', 'userEnvProbe', 'overrideCommand', 'shutdownAction',
  'init', 'privileged', 'capAdd', 'securityOpt', 'mounts', 'forwardPorts', 'portsAttributes', 'otherPortsAttributes', 'customizations',
  'hostRequirements', 'waitFor', ...CONTAINER_HOOKS,
] as const satisfies readonly (keyof DevContainerConfig)[];

/**
 * The label holds an array of entries (or one object). Anything else counts as none,
 * and a spec property of the wrong shape is dropped: an image must not break a config.
 * So is an entry nested past the limit, before anything walks it.
 * Other properties (a feature's id or entrypoint) are kept for the label Berth writes back.
 */
export function parseMetadataLabel(label?: string): Entry[] {
  if (!label) return [];
  let value: unknown;
  try {
    value = JSON.parse(label);
  } catch {
    return [];
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter(isObject).filter((e) => !tooDeep(e)).map((e) => Object.fromEntries(Object.entries(e).filter(([k, v]) => !isMetadataKey(k) || conforms(v, devcontainerProps[k]))));
}

/** The config's own entry, stored on the container so the merged result can be rebuilt. */
export function metadataEntryFor(config: DevContainerConfig): Entry {
  return Object.fromEntries(METADATA_KEYS.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
}

/** The devcontainer.metadata label for a built image or a container: the image's entries, then the config's. */
export function metadataLabelFor(config: DevContainerConfig, imageEntries: Entry[] = []): string {
  return JSON.stringify([...imageEntries, metadataEntryFor(config)]);
}

export function mergeMetadata(config: DevContainerConfig, imageEntries: Entry[]): MergedConfig {
  const entries = [...imageEntries, metadataEntryFor(config)];
  const last = <K extends keyof Entry>(key: K): Entry[K] => entries.reduce<Entry[K]>((v, e) => e[key] ?? v, undefined);
  const anyTrue = (key: 'init' | 'privileged') => (entries.some((e) => e[key] === true) ? true : last(key));
  const union = <K extends 'capAdd' | 'securityOpt' | 'forwardPorts'>(key: K) => {
    const all = entries.flatMap((e) => (e[key] ?? []) as NonNullable<Entry[K]>);
    return all.length ? ([...new Set(all)] as Entry[K]) : undefined;
  };
  const perKey = <K extends 'containerEnv' | 'remoteEnv' | 'portsAttributes'>(key: K): Entry[K] => {
    const parts = entries.map((e) => e[key]).filter((p) => p !== undefined);
    return parts.length ? Object.assign({}, ...parts) : undefined;
  };
  const hooks = Object.fromEntries(CONTAINER_HOOKS.map((h) => [h, entries.flatMap((e) => hookCommand(e, h))])) as Record<ContainerHookName, HookCommand[]>;

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
    waitFor: last('waitFor'),
    init: anyTrue('init'),
    privileged: anyTrue('privileged'),
    capAdd: union('capAdd'),
    securityOpt: union('securityOpt'),
    forwardPorts: union('forwardPorts'),
    containerEnv: perKey('containerEnv'),
    remoteEnv: perKey('remoteEnv'),
    portsAttributes: perKey('portsAttributes'),
    mounts: mergeMounts(entries),
    customizations: collectCustomizations(entries),
    entrypoints: collectEntrypoints(entries),
    hostRequirements: maxRequirements(entries),
    hooks,
  };
}

/** An entry's command for one hook, labelled with its feature: a failing or slow hook is traced to where it came from. */
function hookCommand(entry: Entry, hook: ContainerHookName): HookCommand[] {
  const command = entry[hook];
  if (command === undefined) return [];
  const id = (entry as { id?: unknown }).id;
  return [typeof id === 'string' && id ? { command, feature: id } : { command }];
}

/** Every entry's entrypoint runs (features add them; a config cannot). */
function collectEntrypoints(entries: Entry[]): string[] | undefined {
  const all = entries.map((e) => (e as { entrypoint?: unknown }).entrypoint).filter((e): e is string => typeof e === 'string' && e !== '');
  return all.length ? all : undefined;
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

/** Each tool gets the list of its customizations, image entries first: tools merge their own. */
function collectCustomizations(entries: Entry[]): Record<string, unknown[]> | undefined {
  const byTool: Record<string, unknown[]> = {};
  for (const [tool, value] of entries.flatMap((e) => Object.entries(e.customizations ?? {}))) (byTool[tool] ??= []).push(value);
  return Object.keys(byTool).length ? byTool : undefined;
}

/** The largest requirement of each kind wins. */
function maxRequirements(entries: Entry[]): Record<string, unknown> | undefined {
  const all = entries.map((e) => e.hostRequirements).filter(isObject);
  if (!all.length) return undefined;
  const merged: Record<string, unknown> = {};
  for (const [k, v] of all.flatMap((r) => Object.entries(r))) merged[k] = merged[k] === undefined ? v : larger(k, merged[k], v);
  return merged;
}

function larger(key: string, a: unknown, b: unknown): unknown {
  if (key === 'cpus') return Math.max(Number(a), Number(b));
  if (key === 'memory' || key === 'storage') return bytes(String(a)) >= bytes(String(b)) ? a : b;
  // gpu: a firm requirement beats "optional", which beats none; an object (cores, memory) counts as firm.
  const rank = (g: unknown) => (g === false ? 0 : g === 'optional' ? 1 : 2);
  return rank(a) >= rank(b) ? a : b;
}

function bytes(size: string): number {
  const m = /^(\d+)([tgmk]b)?$/i.exec(size);
  if (!m) return 0;
  const unit = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40 }[m[2]?.toLowerCase() as 'kb'] ?? 1;
  return Number(m[1]) * unit;
}

function isMetadataKey(k: string): k is (typeof METADATA_KEYS)[number] {
  return (METADATA_KEYS as readonly string[]).includes(k);
}
