// A compose project's containers, found by compose's own labels (as `docker compose ps` and
// the devcontainer CLI find them), and stopped or removed through the engine API.
import type Docker from 'dockerode';

export const LABEL_PROJECT = 'com.docker.compose.project';
export const LABEL_SERVICE = 'com.docker.compose.service';
export const LABEL_CONFIG_FILES = 'com.docker.compose.project.config_files';
/** Berth's, on the primary service: the services its `up` started (runServices), for `down`; absent means all. */
export const LABEL_STARTED_SERVICES = 'berth.compose.services';

export async function projectContainers(docker: Docker, project: string, service?: string): Promise<Docker.ContainerInfo[]> {
  const label = [`${LABEL_PROJECT}=${project}`, ...(service ? [`${LABEL_SERVICE}=${service}`] : [])];
  const found = await docker.listContainers({ all: true, filters: { label } });
  // One-off `compose run` containers are not the service's.
  return found.filter((c) => c.Labels['com.docker.compose.oneoff'] !== 'True');
}

/** The service's container: a running one first, then the newest. */
export async function serviceContainer(docker: Docker, project: string, service: string): Promise<Docker.ContainerInfo | undefined> {
  const found = await projectContainers(docker, project, service);
  found.sort((a, b) => Number(b.State === 'running') - Number(a.State === 'running') || b.Created - a.Created);
  return found[0];
}

export async function stopProject(docker: Docker, project: string, services?: string[]): Promise<string[]> {
  const running = (await projectContainers(docker, project)).filter((c) => (c.State === 'running' || c.State === 'restarting') && (!services || services.includes(c.Labels[LABEL_SERVICE])));
  await Promise.all(running.map((c) => docker.getContainer(c.Id).stop({ t: 5 })));
  return running.map((c) => c.Id);
}

/** Containers (with their anonymous volumes) and, once none is left, networks go; named volumes never do. */
export async function removeProject(docker: Docker, project: string, services?: string[]): Promise<string[]> {
  const all = (await projectContainers(docker, project)).filter((c) => !services || services.includes(c.Labels[LABEL_SERVICE]));
  await Promise.all(all.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  if ((await projectContainers(docker, project)).length > 0) return all.map((c) => c.Id);
  const networks = await docker.listNetworks({ filters: { label: [`${LABEL_PROJECT}=${project}`] } });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove()));
  return all.map((c) => c.Id);
}

/** A `"service:port"` forward's target: the container of that service in the dev container's project. */
export async function siblingContainer(docker: Docker, containerId: string, service: string): Promise<Docker.ContainerInspectInfo | undefined> {
  const project = (await docker.getContainer(containerId).inspect()).Config.Labels?.[LABEL_PROJECT];
  const sibling = project ? await serviceContainer(docker, project, service) : undefined;
  return sibling ? docker.getContainer(sibling.Id).inspect() : undefined;
}
