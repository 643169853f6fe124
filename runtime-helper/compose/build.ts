// `build` of a compose config: the primary service's image, as `up` would prepare it.
import type { LoadedConfig } from '../config/types';
import { engineUnreachable } from '../engine/engineError';
import type { Engine } from '../engine/engine';
import type { ProgressSink } from '../util/progress';
import { fail, ok, toBerthError, type Result } from '../util/result';
import { planCompose, serviceImage } from './up';

export async function composeBuild(endpoint: Engine, loaded: LoadedConfig, options: { env: NodeJS.ProcessEnv; buildNoCache?: boolean; dockerComposePath?: string; signal?: AbortSignal }, progress: ProgressSink): Promise<Result<{ imageName: string }>> {
  const engine = endpoint;
  const plan = await planCompose(loaded, options.env, options.dockerComposePath);
  if (!plan.ok) return plan;
  try {
    return ok({ imageName: await serviceImage(engine, plan.value, { workspaceFolder: loaded.workspaceFolder, ...options }, progress, options.env) });
  } catch (err) {
    return fail(engineUnreachable(err, endpoint.where) ?? toBerthError(err));
  }
}
