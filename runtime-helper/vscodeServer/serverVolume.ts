// The VS Code server's data (installed extensions, user data, token) in a named volume per dev
// container, so a rebuild finds them again; and its builds in one volume all dev containers share,
// so a new container finds its commit's server there instead of waiting for a copy (5 s here).
// Made only when the caller asks (the editor, which will start the server); a container without
// them keeps the data in the remote user's home and gets its own copy of the server.
import type { ContainerPlan } from '../engine/createContainer';
import type { ContainerSummary, Engine } from '../engine/engine';
import { execIn } from '../engine/execIn';
import type { LoadedConfig } from '../config/types';
import { INSTALL_ROOT } from './install';
import type { ContainerFacts } from './platform';

/** Where the volume is mounted: a fixed path, known when the container is made (the remote user's home is not, yet). */
export const SERVER_VOLUME_TARGET = '/var/lib/berth/vscode-server';

/** The servers' builds, a folder per commit (see install.ts), shared by every dev container. */
export const SERVER_BUILDS_VOLUME = 'berth-vscode-server-builds';

/** One per dev container: named by ${devcontainerId} (the hash of its identity labels, local folder and config file), so a rebuild mounts the same one. */
export function serverVolumeName(devcontainerId: string): string {
  return `berth-vscode-server-${devcontainerId.slice(-12)}`;
}

/**
 * The create plan with the server's volumes. Docker labels the data volume with whose it is
 * (`docker volume inspect`); Podman drops the labels. The builds volume is no one dev container's.
 */
export function withServerVolume(plan: ContainerPlan, loaded: Pick<LoadedConfig, 'labels' | 'devcontainerId'>): ContainerPlan {
  const data = { Type: 'volume' as const, Source: serverVolumeName(loaded.devcontainerId), Target: SERVER_VOLUME_TARGET, VolumeOptions: { Labels: { ...loaded.labels } } };
  const builds = { Type: 'volume' as const, Source: SERVER_BUILDS_VOLUME, Target: INSTALL_ROOT };
  const host = plan.options.HostConfig ?? {};
  return { ...plan, options: { ...plan.options, HostConfig: { ...host, Mounts: [...(host.Mounts ?? []), data, builds] } } };
}

/** Whether the container was made with the server's volume (an older Berth or the CLI made it without). */
export function hasServerVolume(container: Pick<ContainerSummary, 'Mounts'>): boolean {
  return (container.Mounts ?? []).some((m) => m.Type === 'volume' && m.Destination === SERVER_VOLUME_TARGET);
}

/**
 * The volume as the remote user's private folder. A new volume is root's: it is handed over as root,
 * by argv (checked on each start, changed once); all of it when a rebuild changed remoteUser (links
 * themselves, never what they point to).
 */
export async function claimServerVolume(engine: Engine, containerId: string, owner: Pick<ContainerFacts, 'uid' | 'gid'>): Promise<string> {
  const ids = `${owner.uid}:${owner.gid}`;
  const now = await execIn(engine, containerId, { argv: ['stat', '-c', '%u:%g %a', SERVER_VOLUME_TARGET], user: '0' });
  if (now.exitCode === 0 && now.output.trim() === `${ids} 700`) return SERVER_VOLUME_TARGET;
  for (const argv of [['chown', '-R', '-h', ids, SERVER_VOLUME_TARGET], ['chmod', '700', SERVER_VOLUME_TARGET]]) {
    const r = await execIn(engine, containerId, { argv, user: '0' });
    if (r.exitCode !== 0) throw new Error(`cannot give the VS Code server's volume (${SERVER_VOLUME_TARGET}) to uid ${owner.uid}: ${r.output.trim()}`);
  }
  return SERVER_VOLUME_TARGET;
}
