// Image references, checked before the engine is asked, and the registry they live on.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^(?:((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9-]+)*(?::\\d+)?)/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([a-z0-9]+:[a-f0-9]{32,}))?$`,
);

export interface ImageRef {
  /** Registry host[:port]; docker.io when none is named. */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ImageRef | undefined {
  const m = REFERENCE.exec(ref);
  if (!m) return undefined;
  let [, registry, repository] = m;
  // The first component is a registry only if it looks like a host.
  if (registry && !/[.:]/.test(registry) && registry !== 'localhost') {
    repository = `${registry}/${repository}`;
    registry = '';
  }
  return { registry: registry || 'docker.io', repository, tag: m[3], digest: m[4] };
}
