// How the trees group and describe what the engine reports. Free of the vscode API,
// so it is unit-tested on its own.
import { basename } from 'node:path';
import type { ContainerSummary, ImageSummary, VolumeSummary } from '../../runtime-helper/rpc/protocol';
import { formatBytes } from '../format';

export interface Group<T> {
  key: string;
  label: string;
  kind: 'devcontainer' | 'compose' | 'other' | 'repository';
  items: T[];
}

/**
 * Dev containers by workspace folder first, then compose projects (a compose dev container
 * with its project's other services), then the rest.
 */
export function groupContainers(containers: ContainerSummary[]): Group<ContainerSummary>[] {
  const dev = new Map<string, ContainerSummary[]>();
  const compose = new Map<string, ContainerSummary[]>();
  const other: ContainerSummary[] = [];
  for (const c of containers) {
    if (c.composeProject) push(compose, c.composeProject, c);
    else if (c.localFolder) push(dev, c.localFolder, c);
    else other.push(c);
  }
  const byName = (a: ContainerSummary, b: ContainerSummary) => a.name.localeCompare(b.name);
  return [
    ...[...dev.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([folder, items]) => ({ key: `dev:${folder}`, label: basename(folder), kind: 'devcontainer' as const, items: items.sort(byName) })),
    ...[...compose.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([project, items]) => ({ key: `compose:${project}`, label: project, kind: 'compose' as const, items: items.sort(byName) })),
    ...(other.length ? [{ key: 'other', label: 'Other containers', kind: 'other' as const, items: other.sort(byName) }] : []),
  ];
}

/** One row of the Images tree: an image under one of its references (`ref`: repo:tag, or the id when dangling). */
export type ImageRow = ImageSummary & { tag: string; ref: string };

/** Images by repository; untagged (dangling) ones together under <none>. */
export function groupImages(images: ImageSummary[]): Group<ImageRow>[] {
  const repos = new Map<string, ImageRow[]>();
  for (const image of images) {
    if (image.dangling) push(repos, '<none>', { ...image, tag: image.id.replace(/^sha256:/, '').slice(0, 12), ref: image.id });
    for (const ref of image.repoTags) {
      const colon = ref.lastIndexOf(':');
      push(repos, ref.slice(0, colon), { ...image, tag: ref.slice(colon + 1), ref });
    }
  }
  return [...repos.entries()]
    .sort(([a], [b]) => (a === '<none>' ? 1 : b === '<none>' ? -1 : a.localeCompare(b)))
    .map(([repo, items]) => ({ key: `repo:${repo}`, label: repo, kind: 'repository' as const, items }));
}

/** The codicon for a container state. */
export function stateIcon(state: string): string {
  return ({ running: 'vm-running', paused: 'debug-pause', restarting: 'sync', exited: 'vm-outline', created: 'vm-outline', dead: 'error' } as Record<string, string>)[state] ?? 'vm';
}

/** contextValue for a container: matched by the `when` clauses in package.json. */
export function containerContext(c: ContainerSummary): string {
  return ['container', c.state, c.ports.some((p) => p.hostPort) ? 'ports' : ''].filter(Boolean).join(';') + ';';
}

/** A volume's line in the tree: its size and who uses it; unused ones are the ones prune removes. */
export function describeVolume(v: VolumeSummary): { description: string; contextValue: string } {
  const users = v.usedBy.length ? `used by ${v.usedBy.join(', ')}` : 'unused';
  return { description: [formatBytes(v.size), users].filter(Boolean).join(' · '), contextValue: `volume;${v.usedBy.length ? 'used' : 'unused'}` };
}

/** Collapses bursts (an engine event storm during a build) into one call. */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
  call.cancel = () => timer && clearTimeout(timer);
  return call;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
