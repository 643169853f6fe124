// `down` of a compose config: the services its `up` started stop (all of them without
// runServices); with remove, their containers and the project's networks go, never named volumes.
import type Docker from 'dockerode';
import { forgetState } from '../engine/state';
import { LABEL_PROJECT, LABEL_STARTED_SERVICES, removeProject, stopProject } from './containers';

/** The compose project a dev container belongs to, by compose's label. */
export function composeProjectOf(container: Docker.ContainerInfo): string | undefined {
  return container.Labels[LABEL_PROJECT];
}

export async function composeDown(docker: Docker, primary: Docker.ContainerInfo, remove: boolean): Promise<void> {
  const project = composeProjectOf(primary)!;
  const started = primary.Labels[LABEL_STARTED_SERVICES];
  const services = started ? started.split(',') : undefined;
  await stopProject(docker, project, services);
  if (remove) for (const id of await removeProject(docker, project, services)) forgetState(id);
}
