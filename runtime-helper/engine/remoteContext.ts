// Who and with what environment commands run in a dev container (exec, terminals):
// read from the host-side state, and probed once when the state does not have it yet.
import type { Engine } from './engine';
import { mergeMetadata, parseMetadataLabel } from '../config/metadata';
import { resolveRemoteUser } from '../config/remoteUser';
import type { LoadedConfig } from '../config/types';
import { LABEL_METADATA } from '../config/labels';
import { readState, writeState } from './state';
import { envMap, remoteEnvironment } from './userEnv';

export interface RemoteContext {
  user: string;
  env: Record<string, string>;
  workdir: string;
}

export async function remoteContext(engine: Engine, containerId: string, loaded: LoadedConfig): Promise<RemoteContext> {
  const state = readState(containerId);
  if (state.remoteUser && state.remoteEnv) return { user: state.remoteUser, env: state.remoteEnv, workdir: loaded.containerWorkspaceFolder };
  const info = await engine.inspectContainer(containerId);
  // The container's label holds the image's entries and, last, the config's own at creation.
  const merged = mergeMetadata(loaded.config, parseMetadataLabel(info.Config.Labels?.[LABEL_METADATA]).slice(0, -1));
  const user = resolveRemoteUser(merged, state.remoteUser, info.Config.User);
  const env = await remoteEnvironment(engine, containerId, merged, user, envMap(info.Config.Env));
  writeState(containerId, { ...state, remoteUser: user, remoteEnv: env });
  return { user, env, workdir: loaded.containerWorkspaceFolder };
}
