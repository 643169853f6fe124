// `build`: the image `up` would create the container from, through the same stages (base,
// then the extension stages), for every source kind.
import { engineUnreachable } from '../engine/engineError';
import { fail, ok, toBerthError, type Result } from '../util/result';
import type { RunContext, UpRequest } from './context';
import { load } from './load';
import { extendImage } from './prepareImage';
import { provisionerFor } from './provision';

export async function build(request: UpRequest, ctx: RunContext): Promise<Result<{ imageName: string }>> {
  const loaded = load(request, ctx.env);
  if (!loaded.ok) return loaded;
  const { source, config } = loaded.value;
  // An image reference alone needs nothing built: it is checked, not pulled.
  if (source.kind === 'image' && Object.keys(config.features ?? {}).length === 0) return ok({ imageName: source.image });
  try {
    const base = await provisionerFor(source).baseImage(ctx, loaded.value, request);
    return ok({ imageName: (await extendImage(ctx, loaded.value, base, request)).image });
  } catch (err) {
    return fail(engineUnreachable(err, ctx.engine.where) ?? toBerthError(err));
  }
}
