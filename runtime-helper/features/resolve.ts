// From devcontainer.json's `features` to the full install set: each reference fetched (or
// found in the cache), its metadata read, its options checked, its dependsOn followed with
// their own options. A feature met twice with the same contents and options is kept once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { cachedContent, cachedManifest, storeContent, storeManifest } from './cache';
import type { Lockfile } from './lockfile';
import { optionValues } from './options';
import { sameFeature } from './order';
import { foldLegacyFeatures, parseFeatureRef, type FeatureRef, type OciRef } from './ref';
import { FEATURE_LAYER_MEDIA_TYPE, sha256, type FetchedManifest, type OciManifest, type RegistryClient } from './registry';
import type { FeatureMetadata, ResolvedFeature } from './types';

export interface ResolveContext {
  configFile: string;
  workspaceFolder: string;
  registry: RegistryClient;
  lockfile?: Lockfile;
  env: NodeJS.ProcessEnv;
  /** Deprecation notes (legacy ids) for the progress log. */
  warn(message: string): void;
}

/** Where an error about a feature points: the config's key it came from. */
export type Located = (userId: string, e: BerthError) => BerthError;

export async function resolveFeatures(features: Record<string, unknown>, ctx: ResolveContext, at: Located): Promise<Result<ResolvedFeature[]>> {
  const resolved: ResolvedFeature[] = [];
  // A feature several others depend on is fetched once per run.
  const fetched = new Map<string, Promise<Result<ResolvedFeature>>>();
  const resolveOnce = (userId: string, value: unknown) => {
    const key = JSON.stringify([userId, value]);
    if (!fetched.has(key)) fetched.set(key, resolveOne(userId, value, ctx));
    return fetched.get(key)!;
  };
  const folded = foldLegacyFeatures(features);
  for (const w of folded.warnings) ctx.warn(w);
  const queue: { userId: string; value: unknown; root: string; dependent?: ResolvedFeature }[] = Object.entries(folded.features).map(([userId, value]) => ({ userId, value, root: folded.origin[userId] ?? userId }));
  while (queue.length) {
    const item = queue.shift()!;
    const r = await resolveOnce(item.userId, item.value);
    if (!r.ok) {
      const via = item.dependent ? ` (a dependency of "${item.dependent.userId}")` : '';
      return fail(at(item.root, { ...r.error, message: `${r.error.message}${via}` }));
    }
    const known = resolved.find((f) => sameFeature(f, r.value));
    item.dependent?.dependsOn.push(known ?? r.value);
    if (known) continue;
    resolved.push(r.value);
    for (const [userId, value] of Object.entries(r.value.meta.dependsOn ?? {})) queue.push({ userId, value, root: item.root, dependent: r.value });
  }
  return ok(resolved);
}

async function resolveOne(userId: string, value: unknown, ctx: ResolveContext): Promise<Result<ResolvedFeature>> {
  const parsed = parseFeatureRef(userId, ctx.configFile, ctx.workspaceFolder);
  if (!parsed.ok) return parsed;
  if (parsed.value.warning) ctx.warn(parsed.value.warning);
  const { ref } = parsed.value;
  const fetched = ref.kind === 'local' ? readLocal(ref.dir) : ref.kind === 'oci' ? await fetchOci(ref, ctx) : await fetchTarball(ref.url, ctx.lockfile?.features[userId]?.integrity, ctx.env);
  if (!fetched.ok) return fetched;
  const { meta, content, integrity } = fetched.value;
  const options = optionValues(value, meta);
  if (!options.ok) return options;
  const installsAfter: FeatureRef[] = [];
  for (const soft of meta.installsAfter ?? []) {
    const p = parseFeatureRef(soft, ctx.configFile, ctx.workspaceFolder);
    if (!p.ok) return fail({ ...p.error, message: `the feature "${meta.id}" names an unusable installsAfter entry: ${p.error.message}` });
    installsAfter.push(p.value.ref);
  }
  return ok({ userId, ref, value, meta, integrity, content, aliases: [meta.currentId ?? meta.id, ...(meta.legacyIds ?? [])], dependsOn: [], installsAfter, priority: 0 });
}

interface Fetched {
  meta: FeatureMetadata;
  content: ResolvedFeature['content'];
  integrity?: string;
}

const ready = (dir: string) => () => Promise.resolve(ok(dir));

function readLocal(dir: string): Result<Fetched> {
  const meta = readMetadata(dir);
  return meta.ok ? ok({ meta: meta.value, content: ready(dir) }) : meta;
}

function readMetadata(dir: string): Result<FeatureMetadata> {
  const file = join(dir, 'devcontainer-feature.json');
  if (!existsSync(file)) return fail({ message: `${dir} holds no devcontainer-feature.json`, fix: 'Point the reference at a feature folder (with devcontainer-feature.json and install.sh).' });
  const errors: ParseError[] = [];
  const meta = parseJsonc(readFileSync(file, 'utf8'), errors, { allowTrailingComma: true }) as FeatureMetadata;
  if (errors.length || !meta || typeof meta !== 'object' || typeof meta.id !== 'string') return fail({ file, message: 'devcontainer-feature.json is not a feature description (it needs at least an "id")' });
  return ok(meta);
}

async function fetchOci(ref: OciRef, ctx: ResolveContext): Promise<Result<Fetched>> {
  // A digest pinned by the lockfile (or the reference) whose manifest is cached needs no registry.
  const pinned = ctx.lockfile?.features[ref.userId]?.integrity ?? ref.digest;
  const cached = pinned ? cachedManifest(pinned) : undefined;
  let m: FetchedManifest;
  if (cached) {
    m = { manifest: JSON.parse(cached.toString('utf8')) as OciManifest, digest: pinned!, raw: cached };
  } else {
    const r = await ctx.registry.manifest(ref, pinned);
    if (!r.ok) return r;
    m = r.value;
    storeManifest(m.digest, m.raw);
  }
  const layer = m.manifest.layers.find((l) => l.mediaType === FEATURE_LAYER_MEDIA_TYPE) ?? m.manifest.layers[0];
  let download: Promise<Result<string>> | undefined;
  const content = () => (download ??= downloadLayer(ref, layer.digest, ctx.registry));
  // The publisher's copy of devcontainer-feature.json (the manifest's digest vouches for it): what the
  // devcontainer CLI resolves dependencies from, so only an install downloads the layer.
  const annotated = annotationMetadata(m.manifest);
  if (annotated) return ok({ meta: annotated, content, integrity: m.digest });
  const dir = await content();
  if (!dir.ok) return dir;
  const meta = readMetadata(dir.value);
  return meta.ok ? ok({ meta: meta.value, content: ready(dir.value), integrity: m.digest }) : meta;
}

function annotationMetadata(manifest: OciManifest): FeatureMetadata | undefined {
  try {
    const meta = JSON.parse(manifest.annotations?.['dev.containers.metadata'] ?? '') as FeatureMetadata;
    return meta && typeof meta === 'object' && typeof meta.id === 'string' ? meta : undefined;
  } catch {
    return undefined;
  }
}

/** The feature's archive, unpacked into the cache by its digest (downloaded once). */
async function downloadLayer(ref: OciRef, digest: string, registry: RegistryClient): Promise<Result<string>> {
  const cached = cachedContent(digest);
  if (cached) return ok(cached);
  const blob = await registry.blob(ref, digest);
  return blob.ok ? ok(await storeContent(digest, blob.value)) : blob;
}

async function fetchTarball(url: string, pinned: string | undefined, env: NodeJS.ProcessEnv): Promise<Result<Fetched>> {
  let dir = pinned ? cachedContent(pinned) : undefined;
  let integrity = pinned;
  if (!dir) {
    const host = new URL(url).hostname;
    const auth: Record<string, string> = env.GITHUB_TOKEN && (host === 'github.com' || host === 'api.github.com') ? { authorization: `Bearer ${env.GITHUB_TOKEN}` } : {};
    let body: Buffer;
    try {
      const res = await fetch(url, { headers: { 'user-agent': 'berth', ...auth } });
      if (!res.ok) return fail({ message: `downloading ${url} failed: ${res.status} ${res.statusText}` });
      body = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      return fail({ message: `cannot download ${url}: ${(err as { cause?: Error }).cause?.message ?? (err as Error).message}` });
    }
    integrity = sha256(body);
    if (pinned && integrity !== pinned) return fail({ message: `${url} does not match the lockfile's integrity ${pinned} (got ${integrity})`, fix: 'Check the URL, or delete its lockfile entry to accept the new contents.' });
    dir = await storeContent(integrity, body);
  }
  const meta = readMetadata(dir);
  return meta.ok ? ok({ meta: meta.value, content: ready(dir), integrity }) : meta;
}
