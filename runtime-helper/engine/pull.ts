// Makes sure an image is present: the local one when it exists, otherwise a pull
// with per-layer progress and the user's registry credentials.
import type { Engine, ImageDetails, PullEvent } from './engine';
import type { ProgressSink } from '../util/progress';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { parseImageRef } from './imageRef';
import { registryAuth } from './registryAuth';

/** `env` is the caller's: its DOCKER_CONFIG says where the registry credentials are. */
export async function ensureImage(engine: Engine, ref: string, progress: ProgressSink, where: Partial<BerthError> = {}, env: NodeJS.ProcessEnv = process.env): Promise<Result<ImageDetails>> {
  const parsed = parseImageRef(ref);
  if (!parsed) {
    return fail({ ...where, message: `"${ref}" is not a valid image reference`, fix: 'Use NAME[:TAG] or REGISTRY/NAME[:TAG], lower case, such as "debian:bookworm".' });
  }
  const local = await inspect(engine, ref);
  if (local) return ok(local);
  const reference = parsed.tag || parsed.digest ? ref : `${ref}:latest`;
  const layers = pullProgress(progress);
  try {
    await engine.pull(reference, registryAuth(parsed.registry, env), layers.onEvent);
    layers.finished();
  } catch (err) {
    return fail({ ...where, message: `pulling ${reference} failed: ${pullReason((err as Error).message)}`, fix: pullFix(parsed.registry) });
  }
  const pulled = await inspect(engine, reference);
  return pulled ? ok(pulled) : fail({ ...where, message: `the image ${reference} is still missing after the pull` });
}

async function inspect(engine: Engine, ref: string): Promise<ImageDetails | undefined> {
  try {
    return await engine.inspectImage(ref);
  } catch {
    return undefined;
  }
}

/** Aggregates per-layer events into "Pulling layers 3/7, 45%". `finished` reports every layer done once the
 * pull succeeded: Podman's Docker API ends a downloaded layer at "Download complete", never "Pull complete". */
function pullProgress(progress: ProgressSink): { onEvent: (e: PullEvent) => void; finished: () => void } {
  const layers = new Map<string, { current: number; total: number; done: boolean }>();
  let lastReport = 0;
  const report = () => {
    const done = [...layers.values()].filter((l) => l.done).length;
    const total = [...layers.values()].reduce((s, l) => s + l.total, 0);
    const current = [...layers.values()].reduce((s, l) => s + (l.done ? l.total : l.current), 0);
    const percent = total ? Math.round((100 * current) / total) : undefined;
    progress({ phase: 'pull', message: `Pulling layers ${done}/${layers.size}${percent !== undefined ? `, ${percent}%` : ''}`, percent });
  };
  const finished = () => {
    const pending = [...layers.values()].filter((l) => !l.done);
    if (!pending.length) return;
    for (const layer of pending) layer.done = true;
    report();
  };
  const onEvent = (e: PullEvent) => {
        if (!e.id || !e.status) return;
        if (/^(Pulling fs layer|Waiting|Downloading|Extracting|Pull complete|Already exists|Download complete|Verifying Checksum)/.test(e.status)) {
          const layer = layers.get(e.id) ?? { current: 0, total: 0, done: false };
          if (e.status === 'Downloading' && e.progressDetail?.total) {
            layer.current = e.progressDetail.current ?? 0;
            layer.total = e.progressDetail.total;
          }
          if (e.status === 'Pull complete' || e.status === 'Already exists') layer.done = true;
          layers.set(e.id, layer);
          const now = Date.now();
          if (now - lastReport < 100 && !layer.done) return;
          lastReport = now;
          report();
        }
  };
  return { onEvent, finished };
}

function pullReason(message: string): string {
  const m = /\(HTTP code \d+\) [^-]*- (.*)$/s.exec(message);
  return (m ? m[1] : message).replace(/^message: /, '').trim();
}

function pullFix(registry: string): string {
  return `Check the image name and tag, and that ${registry} is reachable; for a private registry run \`docker login ${registry}\`.`;
}
