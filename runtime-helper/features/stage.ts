// The image-extension stage of `up` and `build`: given the prepared base image, resolve the
// config's features, install them in one build (a layer per feature) and hand back the new
// image with the metadata entries the features add. No features: the image passes through.
import type { Engine, ImageDetails } from '../engine/engine';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { metadataEntryFor, parseMetadataLabel } from '../config/metadata';
import { substituteHost } from '../config/substitute';
import { resolveRemoteUser } from '../config/remoteUser';
import type { DevContainerConfig, LoadedConfig } from '../config/types';
import { buildImage } from '../engine/build';
import { builtImageName } from '../engine/imageName';
import { LABEL_METADATA } from '../config/labels';
import type { ProgressSink } from '../util/progress';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { writeFeatureContext, type FeatureContent, type PlannedFeature } from './dockerfile';
import { lockfileFor, readLockfile, updateLockfile, type LockfileMode } from './lockfile';
import { installOrder } from './order';
import { parseFeatureRef, type FeatureRef } from './ref';
import { RegistryClient } from './registry';
import { resolveFeatures } from './resolve';
import { FEATURE_METADATA_KEYS, type ResolvedFeature } from './types';

type Entry = Partial<DevContainerConfig> & Record<string, unknown>;

export interface ExtendInput {
  /** The prepared base image (pulled or built) and its inspect data. */
  image: string;
  imageInfo: ImageDetails;
  loaded: LoadedConfig;
  /** The caller's environment: registry credentials (DEVCONTAINERS_OCI_AUTH, GITHUB_TOKEN, DOCKER_CONFIG). */
  env: NodeJS.ProcessEnv;
  lockfile?: LockfileMode;
  noCache?: boolean;
  /** Aborted when the client that asked went away: the install build stops. */
  signal?: AbortSignal;
}

export interface ExtendOutput {
  /** The image to run: the base image when there are no features. */
  image: string;
  /** One metadata entry per installed feature, in install order, to follow the base image's. */
  entries: Entry[];
}

export async function extendImage(engine: Engine, input: ExtendInput, progress: ProgressSink): Promise<Result<ExtendOutput>> {
  const { loaded } = input;
  const features = loaded.config.features ?? {};
  if (!Object.keys(features).length) return ok({ image: input.image, entries: [] });
  const plan = await planFeatures(input.loaded, input.env, input.lockfile ?? 'write', progress);
  if (!plan.ok) return plan;
  const order = plan.value;
  const baseEntries = parseMetadataLabel(input.imageInfo.Config?.Labels?.[LABEL_METADATA]);
  const entries = order.map((f) => featureEntry(f, loaded, input.env));
  const contents = await fetchContents(order, loaded, progress);
  if (!contents.ok) return contents;
  const dir = mkdtempSync(join(tmpdir(), 'berth-features-'));
  try {
    const planned = writeFeatureContext(dir, contents.value, builtinUsers([...baseEntries, metadataEntryFor(loaded.config)], input.imageInfo));
    if (!planned.ok) return fail(at(loaded, order[0].userId, planned.error));
    const imageName = `${builtImageName(loaded.workspaceFolder)}-features`;
    const args = { _DEV_CONTAINERS_BASE_IMAGE: input.image, _DEV_CONTAINERS_IMAGE_USER: input.imageInfo.Config?.User || 'root' };
    const labels = { [LABEL_METADATA]: JSON.stringify([...baseEntries, ...entries]), [LABEL_INPUTS]: inputsDigest(dir, input.imageInfo.Id, args) };
    // The same inputs as the image already built: no build at all (a rebuilt container after a removal).
    if (!input.noCache && (await existingLabel(engine, imageName)) === labels[LABEL_INPUTS]) {
      progress({ phase: 'features', message: `Features unchanged: using ${imageName}` });
      return ok({ image: imageName, entries });
    }
    const watch = installProgress(planned.value, progress);
    const built = await buildImage(
      engine,
      {
        dockerfile: join(dir, 'Dockerfile'),
        context: dir,
        imageName,
        noCache: input.noCache,
        signal: input.signal,
        args,
        labels,
      },
      watch.sink,
      { file: loaded.configFile, ...loaded.locate('features'), property: 'features' },
    );
    watch.end();
    if (!built.ok) return fail(watch.failure(built.error, loaded));
    return ok({ image: imageName, entries });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves, orders and locks the config's features; what `features resolve-dependencies` prints. */
export async function planFeatures(loaded: LoadedConfig, env: NodeJS.ProcessEnv, mode: LockfileMode, progress: ProgressSink): Promise<Result<ResolvedFeature[]>> {
  const started = Date.now();
  progress({ phase: 'features', message: 'Resolving features' });
  const lock = mode === 'off' ? ok(undefined) : readLockfile(loaded.configFile);
  if (!lock.ok) return lock;
  const registry = new RegistryClient(env);
  const ctx = { configFile: loaded.configFile, workspaceFolder: loaded.workspaceFolder, registry, lockfile: lock.value, env, warn: (m: string) => progress({ phase: 'config', message: `warning: ${m}` }) };
  const resolved = await resolveFeatures(loaded.config.features ?? {}, ctx, (userId, e) => at(loaded, userId, e));
  if (!resolved.ok) return resolved;
  const overrides: FeatureRef[] = [];
  for (const [i, id] of (loaded.config.overrideFeatureInstallOrder ?? []).entries()) {
    const p = parseFeatureRef(id, loaded.configFile, loaded.workspaceFolder);
    if (!p.ok) return fail({ ...p.error, file: loaded.configFile, ...loaded.locate(`overrideFeatureInstallOrder.${i}`), property: `overrideFeatureInstallOrder.${i}` });
    overrides.push(p.value.ref);
  }
  const order = installOrder(resolved.value, overrides);
  if (!order.ok) return fail({ ...order.error, file: loaded.configFile, ...loaded.locate('features'), property: 'features' });
  const locked = updateLockfile(loaded.configFile, lockfileFor(order.value), mode);
  if (!locked.ok) return locked;
  progress({ phase: 'features', message: `Features in install order: ${order.value.map((f) => f.userId).join(', ')} (${registry.requests} registry requests)`, durationMs: Date.now() - started });
  return ok(order.value);
}

/** What only an install needs: each feature's files (OCI layers downloaded now, into the cache). */
async function fetchContents(order: ResolvedFeature[], loaded: LoadedConfig, progress: ProgressSink): Promise<Result<FeatureContent[]>> {
  const started = Date.now();
  const dirs = await Promise.all(order.map((f) => f.content()));
  const out: FeatureContent[] = [];
  for (const [i, feature] of order.entries()) {
    const dir = dirs[i];
    if (!dir.ok) return fail(at(loaded, feature.userId, dir.error));
    out.push({ feature, dir: dir.value });
  }
  progress({ phase: 'features', message: 'Feature contents ready', durationMs: Date.now() - started });
  return ok(out);
}

/** Berth's label on the extended image: a digest of everything the build reads. */
const LABEL_INPUTS = 'berth.features.inputs';

function inputsDigest(dir: string, baseImageId: string, args: Record<string, string>): string {
  const hash = createHash('sha256').update(JSON.stringify([baseImageId, args]));
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = statSync(full);
      hash.update(`${relative(dir, full)}\0${st.mode}\0`);
      if (st.isDirectory()) walk(full);
      else hash.update(readFileSync(full));
    }
  };
  walk(dir);
  return `sha256:${hash.digest('hex')}`;
}

async function existingLabel(engine: Engine, image: string): Promise<string | undefined> {
  try {
    return (await engine.inspectImage(image)).Config?.Labels?.[LABEL_INPUTS];
  } catch {
    return undefined;
  }
}

function at(loaded: LoadedConfig, userId: string, e: BerthError): BerthError {
  return { ...e, file: e.file ?? loaded.configFile, ...(e.file ? {} : loaded.locate(`features.${userId}`)), property: e.property ?? `features["${userId}"]` };
}

/** The entry a feature adds to devcontainer.metadata: its id and the properties the spec lets it set. */
function featureEntry(f: ResolvedFeature, loaded: LoadedConfig, env: NodeJS.ProcessEnv): Entry {
  const picked = Object.fromEntries(FEATURE_METADATA_KEYS.filter((k) => f.meta[k] !== undefined).map((k) => [k, f.meta[k]]));
  // Feature mounts name volumes with ${devcontainerId} and friends, resolved as the config's are.
  const vars = { env, localWorkspaceFolder: loaded.workspaceFolder, containerWorkspaceFolder: loaded.containerWorkspaceFolder, devcontainerId: loaded.devcontainerId };
  return { id: f.userId, ...substituteHost(picked, vars) };
}

/** _CONTAINER_USER and _REMOTE_USER, from the metadata before the features, else the image's user. */
function builtinUsers(entries: Entry[], info: ImageDetails): { containerUser: string; remoteUser: string } {
  const last = (k: 'containerUser' | 'remoteUser') => entries.reduce<string | undefined>((v, e) => (e[k] as string | undefined) || v, undefined);
  const containerUser = last('containerUser') || info.Config?.User || 'root';
  return { containerUser, remoteUser: resolveRemoteUser({ remoteUser: last('remoteUser'), containerUser }) };
}

/** The feature's own lines, without the builder's chatter or colour codes. */
function installOutput(text: string): string[] {
  return text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim() && !/^\s*---> /.test(l) && !/^Removing intermediate container /.test(l));
}

/** Turns the build's steps into one progress line per feature, with its output and duration. */
function installProgress(planned: PlannedFeature[], progress: ProgressSink) {
  let current: { p: PlannedFeature; index: number; started: number; output: string[] } | undefined;
  let last: typeof current;
  const label = (p: PlannedFeature) => `${p.feature.meta.name ?? p.feature.meta.id} (${p.feature.userId}${p.feature.meta.version ? ` ${p.feature.meta.version}` : ''})`;
  const close = () => {
    if (current) progress({ phase: 'features', message: `Installed ${label(current.p)}`, durationMs: Date.now() - current.started });
    current = undefined;
  };
  const sink: ProgressSink = (e) => {
    // A step starts: "Step 5/11 : RUN …" from the legacy builder, "[ 5/11] RUN …" from BuildKit,
    // "[1/2] STEP 5/11: RUN …" (or without the stage) from Podman's Buildah.
    const step = /^(?:Step \d+\/\d+ : |\[\s*\d+\/\d+\] (?!STEP )|(?:\[\d+\/\d+\] )?STEP \d+\/\d+: )(.*)$/.exec(e.message);
    if (step && !e.output) {
      const index = planned.findIndex((p) => step[1].startsWith('RUN') && step[1].includes(`/${p.folder} `));
      if (index !== current?.index) close();
      if (index >= 0 && index !== current?.index) {
        current = last = { p: planned[index], index, started: Date.now(), output: [] };
        progress({ phase: 'features', message: `Installing ${label(planned[index])} (${index + 1}/${planned.length})`, percent: Math.round((100 * index) / planned.length) });
      }
      return;
    }
    if (current && e.output) {
      current.output.push(...installOutput(e.output));
      current.output = current.output.slice(-40);
      progress({ phase: 'features', message: `Installing ${label(current.p)}`, output: e.output });
      return;
    }
    progress({ ...e, phase: 'features' });
  };
  return {
    sink,
    end: close,
    /** A failed install names the feature, its version, the exit code and its last output. */
    failure(e: BerthError, loaded: LoadedConfig): BerthError {
      if (!last) return e;
      const code = /non-zero code: (\d+)|exit code: (\d+)/.exec(e.message);
      const tail = last.output.filter((l) => l.trim()).slice(-10).join('\n    ');
      const f = last.p.feature;
      return at(loaded, f.userId, {
        message: `the feature ${label(last.p)} failed to install: install.sh exited with code ${code ? (code[1] ?? code[2]) : 'unknown'}${tail ? `; its last output:\n    ${tail}` : ''}`,
        fix: 'Fix the feature or its options, then run the command again.',
      });
    },
  };
}
