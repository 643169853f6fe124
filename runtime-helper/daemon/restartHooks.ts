// A dev container this helper brought up that starts again outside `up` (Restart in the
// tree, `docker restart`, a restart policy) gets its postStartCommand, which the spec asks
// for on every start: the servers it launches come back with the container.
import { basename } from 'node:path';
import type { EngineEndpoint } from '../engine/docker';
import { up } from '../engine/up';
import { formatError } from '../util/result';
import type { Helper } from './helper';

export async function runHooksAfterRestart(helper: Helper, endpoint: EngineEndpoint, workspace: { workspaceFolder: string; configFile: string }): Promise<void> {
  // An operation shows in the Logs tree only when a hook actually ran (an `up` that started
  // the container itself has run them already).
  let id: string | undefined;
  const r = await helper.serialize(workspace.workspaceFolder, () =>
    up({ ...workspace, afterRestart: true }, (event) => {
      id ??= helper.operations.start('up', workspace.workspaceFolder, `restart of ${basename(workspace.workspaceFolder)}`);
      helper.operations.record(id, event);
    }, endpoint),
  );
  if (id) helper.operations.finish(id, r.ok ? 'success' : 'error', r.ok ? undefined : formatError(r.error));
}
