// `down` of a compose config: the services its `up` started stop (all of them without
// runServices); with remove, their containers and the project's networks go, never named volumes.
import type { ContainerSummary, Engine } from '../engine/engine';
import { forgetState } from '../engine/state';
import { LABEL_PROJECT, LABEL_STARTED_SERVICES, removeProject, stopProject } from './containers';

/** The compose project a dev container belongs to, by compose's label. */
export function composeProjectOf(container: ContainerSummary): string | undefined {
  return container.Labels[LABEL_PROJECT];
}

export async function composeDown(engine: Engine, primary: ContainerSummary, remove: boolean): Promise<void> {
  const project = composeProjectOf(primary)!;
  const started = primary.Labels[LABEL_STARTED_SERVICES];
  const services = started ? started.split(',') : undefined;
  await stopProject(engine, project, services);
  if (remove) for (const id of await removeProject(engine, project, services)) forgetState(id);
}
