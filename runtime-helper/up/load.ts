// Stage 1 of `up` and `build`: the config, checked, with its source kind as a field. Everything
// the config alone can get wrong is found here, before the engine is touched.
import { loadConfig, resolveBuildPaths, type BuildPaths } from '../config/load';
import { mergeMetadata } from '../config/metadata';
import { sourceKind } from '../config/sourceKind';
import type { LoadedConfig } from '../config/types';
import { createOptions } from '../engine/createOptions';
import type { ProgressSink } from '../util/progress';
import { fail, ok, type BerthError, type Result } from '../util/result';
import type { UpRequest } from './context';

/** What the container runs: an image by reference, an image built from a Dockerfile, or a compose service. */
export type Source = { kind: 'image'; image: string } | { kind: 'dockerfile'; build: BuildPaths } | { kind: 'compose' };

export interface Loaded extends LoadedConfig {
  source: Source;
  /** Locates a property of the config for an error message. */
  at(property: string): Partial<BerthError>;
}

export function load(request: Pick<UpRequest, 'workspaceFolder' | 'configFile'>, env: NodeJS.ProcessEnv): Result<Loaded> {
  const loaded = loadConfig({ ...request, env });
  if (!loaded.ok) return loaded;
  const source = sourceOf(loaded.value);
  if (!source.ok) return source;
  const at = (property: string): Partial<BerthError> => ({ file: loaded.value.configFile, ...loaded.value.locate(property), property });
  return ok(Object.assign(loaded.value, { source: source.value, at }));
}

/** The config's warnings, as progress lines. */
export function reportWarnings(loaded: LoadedConfig, progress: ProgressSink): void {
  for (const w of loaded.warnings) progress({ phase: 'config', message: `warning: ${w.file}:${w.line}:${w.column}: '${w.property}': ${w.message}` });
}

/** runArgs and mounts, checked as the container's options with the caller's environment, before anything is made. */
export function checkRunOptions(loaded: Loaded, env: NodeJS.ProcessEnv): Result<void> {
  if (loaded.source.kind === 'compose') return ok(undefined);
  const checked = createOptions(loaded, mergeMetadata(loaded.config, []), 'check', '[]', env);
  return checked.ok ? ok(undefined) : checked;
}

function sourceOf(loaded: LoadedConfig): Result<Source> {
  const kind = sourceKind(loaded.config);
  if (kind === 'compose') return ok({ kind });
  const build = resolveBuildPaths(loaded);
  if (!build.ok) return build;
  if (build.value) return ok({ kind: 'dockerfile', build: build.value });
  const image = loaded.config.image;
  return image !== undefined ? ok({ kind: 'image', image }) : fail({ file: loaded.configFile, message: 'the config names no image, Dockerfile or compose file', fix: 'Set "image", "build.dockerfile" or "dockerComposeFile".' });
}
