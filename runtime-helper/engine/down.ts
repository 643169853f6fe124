// `down`: stop the workspace's container; with remove, delete it but keep named volumes.
import { resolve } from 'node:path';
import { composeDown, composeProjectOf } from '../compose/down';
import { resolveConfigFile } from '../config/discover';
import { fail, ok, toBerthError, type Result } from '../util/result';
import { engine as defaultEngine } from './docker';
import type { Engine } from './engine';
import { engineUnreachable } from './engineError';
import { findDevContainer } from './findContainer';
import { forgetState } from './state';

export interface DownOptions {
  workspaceFolder: string;
  configFile?: string;
  remove?: boolean;
}

export async function down(options: DownOptions, engine: Engine = defaultEngine()): Promise<Result<{ containerId?: string }>> {
  const workspaceFolder = resolve(options.workspaceFolder);
  // A folder whose config was deleted can still be brought down by its folder label alone.
  const configFile = resolveConfigFile(workspaceFolder, options.configFile);
  try {
    const found = await findDevContainer(engine, workspaceFolder, configFile.ok ? configFile.value : undefined);
    if (!found) return ok({});
    // Kind of source: the container's own labels say it, even when the config is gone.
    if (composeProjectOf(found)) {
      await composeDown(engine, found, options.remove === true);
      return ok({ containerId: found.Id });
    }
    if (found.State === 'running') await engine.stopContainer(found.Id, 5);
    if (options.remove) {
      await engine.removeContainer(found.Id, { volumes: true }); // anonymous volumes only; named volumes are never removed
      forgetState(found.Id);
    }
    return ok({ containerId: found.Id });
  } catch (err) {
    return fail(engineUnreachable(err, engine.where) ?? toBerthError(err));
  }
}
