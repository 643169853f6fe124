// `down` of a compose config: the whole project stops; with remove, its containers and
// networks go, never its named volumes.
import type Docker from 'dockerode';
import { forgetState } from '../engine/state';
import { LABEL_PROJECT, removeProject, stopProject } from './containers';

/** The compose project a dev container belongs to, by compose's label. */
export function composeProjectOf(container: Docker.ContainerInfo): string | undefined {
  return container.Labels[LABEL_PROJECT];
}

export async function composeDown(docker: Docker, project: string, remove: boolean): Promise<void> {
  await stopProject(docker, project);
  if (remove) for (const id of await removeProject(docker, project)) forgetState(id);
}
