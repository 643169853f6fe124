// Stage 2 of `up`, and all of `build`: the base image (pulled or built), then the extension
// stages (features), then the UID stage. `up` and `build` both go through here, so a build
// never skips a stage `up` runs (the UID stage is the host user's, applied where the container is made).
import { mergeMetadata, parseMetadataLabel } from '../config/metadata';
import type { MergedConfig } from '../config/types';
import { buildImage } from '../engine/build';
import type { ImageDetails } from '../engine/engine';
import { builtImageName } from '../engine/imageName';
import { LABEL_METADATA } from '../config/labels';
import { ensureImage } from '../engine/pull';
import { withHostUid } from '../engine/uidImage';
import { extendImage as installFeatures } from '../features/stage';
import { timed } from '../util/progress';
import { unwrap, type Result } from '../util/result';
import type { RunContext, UpRequest } from './context';
import type { Loaded } from './load';
import { resolveRemoteUser } from '../config/remoteUser';

type Entry = ReturnType<typeof parseMetadataLabel>[number];

export interface BaseImage {
  image: string;
  info: ImageDetails;
  /** The user the source itself names (a compose service's `user`), before the image's own. */
  user?: string;
}

export interface ExtendedImage {
  image: string;
  /** The metadata entries the extension stages add, in order, after the base image's. */
  entries: Entry[];
}

/** An extension stage: builds on the image so far, adding metadata entries. */
export type ImageExtension = (ctx: RunContext, loaded: Loaded, image: { image: string; info: ImageDetails }, request: UpRequest) => Promise<Result<ExtendedImage>>;

const features: ImageExtension = (ctx, loaded, { image, info }, request) =>
  installFeatures(ctx.engine, { image, imageInfo: info, loaded, env: ctx.env, lockfile: request.lockfile, noCache: request.buildNoCache, signal: ctx.signal }, ctx.progress);

/** The extension slot, in order. */
export const IMAGE_EXTENSIONS: ImageExtension[] = [features];

export interface PreparedImage {
  /** The base image's metadata entries, then the extension stages'. */
  imageEntries: Entry[];
  merged: MergedConfig;
  remoteUser: string;
  /** The image the container is created from. */
  runImage: string;
}

/** The base of an image or Dockerfile config: pulled (when missing) or built. */
export async function singleBaseImage(ctx: RunContext, loaded: Loaded, request: UpRequest): Promise<BaseImage> {
  const { source } = loaded;
  if (source.kind === 'image') {
    const info = await timed(ctx.progress, 'pull', `Image ${source.image}`, async () => unwrap(await ensureImage(ctx.engine, source.image, ctx.progress, loaded.at('image'), ctx.env)));
    return { image: source.image, info };
  }
  if (source.kind !== 'dockerfile') throw new Error(`a ${source.kind} config has no single base image`);
  const name = builtImageName(loaded.workspaceFolder);
  const b = loaded.config.build ?? {};
  await timed(ctx.progress, 'build', `Building ${name}`, async () =>
    unwrap(await buildImage(ctx.engine, { ...source.build, imageName: name, args: b.args, target: b.target, cacheFrom: b.cacheFrom, options: b.options, noCache: request.buildNoCache, signal: ctx.signal }, ctx.progress, loaded.at('build.dockerfile'))),
  );
  return { image: name, info: await ctx.engine.inspectImage(name) };
}

/** The base image through every extension stage. */
export async function extendImage(ctx: RunContext, loaded: Loaded, base: BaseImage, request: UpRequest): Promise<ExtendedImage> {
  let current = { image: base.image, info: base.info };
  const entries: Entry[] = [];
  for (const extension of IMAGE_EXTENSIONS) {
    const extended = unwrap(await extension(ctx, loaded, current, request));
    entries.push(...extended.entries);
    if (extended.image !== current.image) current = { image: extended.image, info: await ctx.engine.inspectImage(extended.image) };
  }
  return { image: current.image, entries };
}

/** Extension stages, then the UID stage: the image the container runs, its merged config and user. */
export async function prepareImage(ctx: RunContext, loaded: Loaded, base: BaseImage, request: UpRequest): Promise<PreparedImage> {
  const extended = await extendImage(ctx, loaded, base, request);
  const imageEntries = [...parseMetadataLabel(base.info.Config?.Labels?.[LABEL_METADATA]), ...extended.entries];
  const merged = mergeMetadata(loaded.config, imageEntries);
  const remoteUser = resolveRemoteUser(merged, base.user, base.info.Config?.User);
  const runImage = unwrap(await withHostUid(ctx.engine, { image: extended.image, remoteUser, enabled: merged.updateRemoteUserUID !== false }, ctx.progress));
  return { imageEntries, merged, remoteUser, runImage };
}
