// A dev container this helper brought up that starts again outside `up` (Restart in the
// tree, `docker restart`, a restart policy) gets its postStartCommand, which the spec asks
// for on every start: the servers it launches come back with the container.
import { basename } from 'node:path';
import type { Engine } from '../engine/engine';
import { up } from '../up/up';
import type { Caller } from '../up/context';
import { formatError } from '../util/result';
import type { Helper } from './helper';

export async function runHooksAfterRestart(helper: Helper, endpoint: Engine, containerId: string, workspace: { workspaceFolder: string; configFile: string }, caller: Caller): Promise<void> {
  // An operation shows in the Logs tree only when a hook actually ran (an `up` that started
  // the container itself has run them already) or something failed (a config broken since).
  let id: string | undefined;
  const operation = () => (id ??= helper.operations.start('up', workspace.workspaceFolder, `restart of ${basename(workspace.workspaceFolder)}`));
  const r = await helper.serialize(workspace.workspaceFolder, async () => {
    // The start event can arrive after a `down` or a removal (Podman's stream lags): the `up`
    // below would then create the container again. Only the container that started, still running, counts.
    if (!(await endpoint.inspectContainer(containerId).then((c) => c.State.Running, () => false))) return undefined;
    return up({ ...workspace, afterRestart: true }, { ...caller, engine: endpoint, progress: (event) => helper.operations.record(operation(), event) });
  });
  if (!r) return;
  if (!r.ok) helper.operations.finish(operation(), 'error', formatError(r.error));
  else if (id) helper.operations.finish(id, 'success');
}
