// Builds a Dockerfile through the engine API with streamed step progress; a failure
// names the Dockerfile, the step and the exit code.
import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import type { ProgressSink } from '../util/progress';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { packContext } from './buildContext';
import { cancelledError } from './cancel';

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

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

export async function buildImage(docker: Docker, spec: BuildSpec, progress: ProgressSink, where: Partial<BerthError> = {}): Promise<Result<{ imageName: string }>> {
  const extra = buildOptions(spec.options ?? []);
  if (!extra.ok) return fail({ ...where, ...extra.error, property: extra.error.property ?? 'build.options' });
  const { stream, dockerfileInTar } = packContext(spec.context, spec.dockerfile);
  const cacheFrom = spec.cacheFrom === undefined ? [] : Array.isArray(spec.cacheFrom) ? spec.cacheFrom : [spec.cacheFrom];
  let output: NodeJS.ReadableStream;
  try {
    output = await docker.buildImage(stream, definedOnly({
      t: spec.imageName,
      dockerfile: dockerfileInTar,
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
      abortSignal: spec.signal,
    }) as Docker.ImageBuildOptions);
  } catch (err) {
    if (spec.signal?.aborted) return fail(cancelledError('the build', where));
    const message = (err as Error).message;
    // The engine parses the Dockerfile first and names the line it could not read.
    const parse = /dockerfile parse error line (\d+): (.*)$/is.exec(message);
    if (parse) return fail({ file: spec.dockerfile, line: Number(parse[1]), column: 1, message: `the Dockerfile cannot be parsed: ${parse[2].trim()}`, fix: 'Fix that line of the Dockerfile.' });
    return fail({ ...where, message: `the engine refused the build: ${message}` });
  }
  const failure = await followBuild(docker, output, progress, instructionLines(spec.dockerfile));
  if (failure && spec.signal?.aborted) return fail(cancelledError('the build', where));
  if (failure) {
    return fail({ ...where, file: spec.dockerfile, property: undefined, line: failure.line, column: failure.line ? 1 : undefined, message: failure.message, fix: 'Fix the failing instruction in the Dockerfile, then run the command again.' });
  }
  return ok({ imageName: spec.imageName });
}

interface BuildFailure {
  message: string;
  line?: number;
}

function followBuild(docker: Docker, output: NodeJS.ReadableStream, progress: ProgressSink, lines: number[]): Promise<BuildFailure | undefined> {
  let step = '';
  let stepNumber = 0;
  let recent: string[] = [];
  return new Promise((resolve) => {
    docker.modem.followProgress(
      output,
      (err: Error | null, events: BuildEvent[]) => {
        const bad = events?.find((e) => e.error);
        if (!err && !bad) return resolve(undefined);
        const reason = bad?.errorDetail?.message ?? bad?.error ?? err?.message ?? 'unknown error';
        const tail = recent.slice(-8).join('\n');
        resolve({ line: stepNumber ? lines[stepNumber - 1] : undefined, message: `the build failed at ${step || 'the start'}: ${reason.trim()}${tail ? `\n  last output:\n    ${tail.split('\n').join('\n    ')}` : ''}` });
      },
      (e: BuildEvent) => {
        if (!e.stream) return;
        const text = e.stream.replace(/\n$/, '');
        const stepMatch = /^Step (\d+)\/(\d+) : (.*)$/.exec(text);
        if (stepMatch) {
          stepNumber = Number(stepMatch[1]);
          step = `step ${stepMatch[1]}/${stepMatch[2]} (${stepMatch[3].slice(0, 120)})`;
          recent = [];
          progress({ phase: 'build', message: text.slice(0, 200), percent: Math.round((100 * (Number(stepMatch[1]) - 1)) / Number(stepMatch[2])) });
        } else if (text.trim()) {
          recent = [...recent, ...text.split('\n')].slice(-20);
          progress({ phase: 'build', message: step, output: text });
        }
      },
    );
  });
}

/** The engine reads an empty query parameter as a value, so unset options are left out. */
function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

/** The line each instruction starts on, so "Step 4/9" maps to a Dockerfile line. */
function instructionLines(dockerfile: string): number[] {
  const lines: number[] = [];
  let continued = false;
  readFileSync(dockerfile, 'utf8').split(/\r?\n/).forEach((text, i) => {
    const t = text.trim();
    if (!continued && t && !t.startsWith('#')) lines.push(i + 1);
    if (t && !t.startsWith('#')) continued = t.endsWith('\\');
  });
  return lines;
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
