// A bind mount of a folder the engine's host lacks must fail, not become an empty folder:
// on a remote engine the workspace lives on this machine, and the engine sees its own disk.
import type { Engine, Mount } from './engine';
import type { BerthError } from '../util/result';
import { engineMessage } from './engineError';

/** No image has this name, so the engine checks the mount and then stops: nothing is created or pulled. */
const NO_IMAGE = 'berth-probe-no-such-image:none';
const MISSING = /bind source path does not exist/i;

/**
 * Whether the engine's host has `source`: the engine validates a create's bind mounts before it
 * looks for the image, so a create of a missing image answers which is wrong without making anything.
 */
export async function missingOnEngineHost(engine: Engine, mount: Mount): Promise<BerthError | undefined> {
  if (mount.Type !== 'bind' || !mount.Source) return undefined;
  try {
    const made = await engine.createContainer({ Image: NO_IMAGE, HostConfig: { Mounts: [{ Type: 'bind', Source: mount.Source, Target: '/probe' }] } });
    // An engine that creates it anyway is asked nothing more; the real create still checks.
    await engine.removeContainer(made, { force: true }).catch(() => undefined);
    return undefined;
  } catch (err) {
    if (!MISSING.test(engineMessage(err))) return undefined;
    return {
      message: `the folder ${mount.Source} does not exist on the engine's host (${engine.where}): the engine runs on another machine and mounts its own folders, not this machine's`,
      property: 'workspaceMount',
      fix: `Put the workspace at the same path on the engine's host (git clone or rsync it there), or open a folder that exists there, or set workspaceMount to a volume ("source=NAME,target=/workspaces/NAME,type=volume"), or use a local engine (unset DOCKER_HOST / DOCKER_CONTEXT).`,
    };
  }
}
