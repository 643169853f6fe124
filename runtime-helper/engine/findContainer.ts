// Finds the dev container of a workspace by its identity labels.
import type Docker from 'dockerode';
import { LABEL_CONFIG_FILE, LABEL_LOCAL_FOLDER } from '../config/labels';

export async function findDevContainer(
  docker: Docker,
  workspaceFolder: string,
  configFile?: string,
): Promise<Docker.ContainerInfo | undefined> {
  const label = [`${LABEL_LOCAL_FOLDER}=${workspaceFolder}`];
  if (configFile) label.push(`${LABEL_CONFIG_FILE}=${configFile}`);
  const found = await docker.listContainers({ all: true, filters: { label } });
  // Prefer a running one, then the newest.
  found.sort((a, b) => Number(b.State === 'running') - Number(a.State === 'running') || b.Created - a.Created);
  return found[0];
}
