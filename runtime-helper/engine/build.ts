// Builds a Dockerfile through the engine API with streamed step progress; a failure
// names the Dockerfile, the step and the exit code.
//
// BuildKit first: the request asks for it (`version=2`) and needs no session for a tar
// context. Asking is the only reliable test: `/_ping`'s Builder-Version names the engine's
// default builder, not whether BuildKit is there (Docker 20.10 has it without saying so).
// An engine that refuses the request for that reason gets the same build again on the
// legacy builder, which the progress says once.
import type { Engine } from './engine';
import { createInterface } from 'node:readline';
import type { ProgressSink } from '../util/progress';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { packContext } from './buildContext';
import { buildFailure, type FailedStep } from './buildFailure';
import { BuildkitProgress } from './buildkitProgress';
import { decodeTrace } from './buildkitTrace';
import { readDockerfileSteps } from './dockerfileSteps';
import { LegacyBuildProgress } from './legacyBuildProgress';
import { cancelledError } from './cancel';
import { engineMessage } from './engineError';
import { setOptionsOnly } from './queryOptions';

export interface BuildSpec {
  dockerfile: string;
  context: string;
  imageName: string;
  args?: Record<string, string>;
  target?: string;
  cacheFrom?: string | string[];
  /** build.options: docker build flags. */
  options?: string[];
  noCache?: boolean;
  labels?: Record<string, string>;
  /** Aborting ends the request, which makes the engine cancel the build: no tag, no containers left. */
  signal?: AbortSignal;
}

/** One JSON message of the engine's build stream. */
interface BuildMessage {
  stream?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  id?: string;
  aux?: unknown;
}

type Builder = 'buildkit' | 'legacy';

/** Engines known to refuse BuildKit, so later builds skip the refused request. */
const withoutBuildkit = new WeakSet<Engine>();

export async function buildImage(engine: Engine, spec: BuildSpec, progress: ProgressSink, where: Partial<BerthError> = {}): Promise<Result<{ imageName: string }>> {
  const extra = buildOptions(spec.options ?? []);
  if (!extra.ok) return fail({ ...where, ...extra.error, property: extra.error.property ?? 'build.options' });
  const cacheFrom = spec.cacheFrom === undefined ? [] : Array.isArray(spec.cacheFrom) ? spec.cacheFrom : [spec.cacheFrom];
  const options = setOptionsOnly({
    t: spec.imageName,
    buildargs: { ...extra.value.buildargs, ...spec.args },
    target: spec.target,
    cachefrom: cacheFrom.length ? JSON.stringify(cacheFrom) : undefined,
    nocache: spec.noCache,
    labels: { ...extra.value.labels, ...spec.labels },
    extrahosts: extra.value.extrahosts.join(',') || undefined,
    networkmode: extra.value.network,
    platform: extra.value.platform,
    pull: extra.value.pull,
    rm: true,
    forcerm: true,
  });
  let builder: Builder = withoutBuildkit.has(engine) ? 'legacy' : 'buildkit';
  let run = builder === 'buildkit' ? await runBuild(engine, spec, builder, options, progress) : undefined;
  if (!run || (run.refused && lacksBuildkit(run.reason))) {
    withoutBuildkit.add(engine);
    builder = 'legacy';
    progress({ phase: 'build', message: 'The engine has no BuildKit: building with the legacy builder, which does not know RUN --mount or heredocs' });
    run = await runBuild(engine, spec, builder, options, progress);
  }
  if (run.reason === undefined) return ok({ imageName: spec.imageName });
  if (spec.signal?.aborted) return fail(cancelledError('the build', where));
  const engineVersion = await engine.version().then((v) => v.Version, () => undefined);
  const error = buildFailure({ dockerfile: spec.dockerfile, steps: readDockerfileSteps(spec.dockerfile), reason: run.reason, refused: run.refused, failed: run.failed, engineVersion, builder });
  // A refusal that no Dockerfile line explains is about the request: it keeps the caller's property.
  return fail(error.file ? { ...where, property: undefined, ...error } : { ...where, ...error });
}

interface BuildRun {
  /** Why the build failed; undefined when it succeeded. */
  reason?: string;
  /** The engine refused the request before building. */
  refused?: boolean;
  failed?: FailedStep;
}

/** The engine's answer when it has no BuildKit (an old or Windows engine): "buildkit not supported by daemon". */
function lacksBuildkit(reason: string | undefined): boolean {
  return /buildkit|builder version/i.test(reason ?? '');
}

/**
 * Runs one build request and consumes its stream: the one place that talks to `/build`.
 * Both stream formats are read, whichever the engine sends: BuildKit's trace and the legacy "Step N/M" lines.
 */
async function runBuild(engine: Engine, spec: BuildSpec, builder: Builder, options: Record<string, unknown>, progress: ProgressSink): Promise<BuildRun> {
  const { stream: context, dockerfileInTar } = packContext(spec.context, spec.dockerfile, { keepIgnoredDockerfile: builder === 'buildkit' });
  const query = { ...options, version: builder === 'buildkit' ? '2' : '1', dockerfile: dockerfileInTar };
  let output: NodeJS.ReadableStream;
  try {
    output = await engine.build(context, query, spec.signal);
  } catch (err) {
    return { refused: true, reason: engineMessage(err) };
  }
  const buildkit = new BuildkitProgress(progress);
  const legacy = new LegacyBuildProgress(progress);
  let reason: string | undefined;
  try {
    for await (const line of createInterface({ input: output, crlfDelay: Infinity })) {
      const m = parseMessage(line);
      if (m?.error !== undefined) reason ??= m.errorDetail?.message ?? m.error;
      else if (m?.id === 'moby.buildkit.trace' && typeof m.aux === 'string') buildkit.onTrace(decodeTrace(m.aux));
      else if (m?.stream !== undefined) legacy.onStream(m.stream);
    }
  } catch (err) {
    reason ??= `the build stream broke off: ${(err as Error).message}`;
  }
  return reason === undefined ? {} : { reason, failed: buildkit.failedStep() ?? legacy.failedStep() };
}

function parseMessage(line: string): BuildMessage | undefined {
  try {
    return line.trim() ? (JSON.parse(line) as BuildMessage) : undefined;
  } catch {
    return undefined; // not JSON: nothing an engine sends on purpose
  }
}

interface ExtraBuildOptions {
  buildargs: Record<string, string>;
  labels: Record<string, string>;
  extrahosts: string[];
  network?: string;
  platform?: string;
  pull?: boolean;
}

/** The docker build flags build.options may hold; an unknown one is an error naming it. */
function buildOptions(options: string[]): Result<ExtraBuildOptions> {
  const out: ExtraBuildOptions = { buildargs: {}, labels: {}, extrahosts: [] };
  const keyValue = (v: string): [string, string] => [v.split('=')[0], v.includes('=') ? v.slice(v.indexOf('=') + 1) : ''];
  for (let i = 0; i < options.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/s.exec(options[i]);
    const property = `build.options.${i}`;
    if (!m) return fail({ message: `"${options[i]}" is not a docker build flag`, property });
    const takes = ['build-arg', 'label', 'add-host', 'network', 'platform'].includes(m[1]);
    let value = m[2];
    if (takes && value === undefined) value = options[++i];
    if (takes && value === undefined) return fail({ message: `the flag "--${m[1]}" needs a value`, property });
    switch (m[1]) {
      case 'build-arg': { const [k, v] = keyValue(value!); out.buildargs[k] = v; break; }
      case 'label': { const [k, v] = keyValue(value!); out.labels[k] = v; break; }
      case 'add-host': out.extrahosts.push(value!.replace('=', ':')); break;
      case 'network': out.network = value; break;
      case 'platform': out.platform = value; break;
      case 'pull': out.pull = value !== 'false'; break;
      default:
        return fail({ message: `unsupported docker build flag "--${m[1]}"`, property, fix: 'Supported: --build-arg, --label, --add-host, --network, --platform, --pull.' });
    }
  }
  return ok(out);
}
