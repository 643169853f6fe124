// A compose project's containers, found by compose's own labels (as `docker compose ps` and
// the devcontainer CLI find them), and stopped or removed through the engine API.
import type { ContainerDetails, ContainerSummary, Engine } from '../engine/engine';

export const LABEL_PROJECT = 'com.docker.compose.project';
export const LABEL_SERVICE = 'com.docker.compose.service';
export const LABEL_CONFIG_FILES = 'com.docker.compose.project.config_files';
/** Berth's, on the primary service: the services its `up` started (runServices), for `down`; absent means all. */
export const LABEL_STARTED_SERVICES = 'berth.compose.services';

export async function projectContainers(engine: Engine, project: string, service?: string): Promise<ContainerSummary[]> {
  const label = [`${LABEL_PROJECT}=${project}`, ...(service ? [`${LABEL_SERVICE}=${service}`] : [])];
  const found = await engine.listContainers({ all: true, labels: label });
  // One-off `compose run` containers are not the service's.
  return found.filter((c) => c.Labels['com.docker.compose.oneoff'] !== 'True');
}

/** The service's container: a running one first, then the newest. */
export async function serviceContainer(engine: Engine, project: string, service: string): Promise<ContainerSummary | undefined> {
  const found = await projectContainers(engine, project, service);
  found.sort((a, b) => Number(b.State === 'running') - Number(a.State === 'running') || b.Created - a.Created);
  return found[0];
}

export async function stopProject(engine: Engine, project: string, services?: string[]): Promise<string[]> {
  const running = (await projectContainers(engine, project)).filter((c) => (c.State === 'running' || c.State === 'restarting') && (!services || services.includes(c.Labels[LABEL_SERVICE])));
  await Promise.all(running.map((c) => engine.stopContainer(c.Id, 5)));
  return running.map((c) => c.Id);
}

/** Containers (with their anonymous volumes) and, once none is left, networks go; named volumes never do. */
export async function removeProject(engine: Engine, project: string, services?: string[]): Promise<string[]> {
  const all = (await projectContainers(engine, project)).filter((c) => !services || services.includes(c.Labels[LABEL_SERVICE]));
  await Promise.all(all.map((c) => engine.removeContainer(c.Id, { force: true, volumes: true })));
  if ((await projectContainers(engine, project)).length > 0) return all.map((c) => c.Id);
  const networks = await engine.networksLabelled(`${LABEL_PROJECT}=${project}`);
  await Promise.all(networks.map((id) => engine.removeNetwork(id)));
  return all.map((c) => c.Id);
}

/** A `"service:port"` forward's target: the container of that service in the dev container's project. */
export async function siblingContainer(engine: Engine, containerId: string, service: string): Promise<ContainerDetails | undefined> {
  const project = (await engine.inspectContainer(containerId)).Config.Labels?.[LABEL_PROJECT];
  const sibling = project ? await serviceContainer(engine, project, service) : undefined;
  return sibling ? engine.inspectContainer(sibling.Id) : undefined;
}
