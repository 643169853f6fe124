// Finds the dev container of a workspace by its identity labels.
import type { ContainerSummary, Engine } from './engine';
import { LABEL_CONFIG_FILE, LABEL_LOCAL_FOLDER } from '../config/labels';

export async function findDevContainer(
  engine: Engine,
  workspaceFolder: string,
  configFile?: string,
): Promise<ContainerSummary | undefined> {
  const label = [`${LABEL_LOCAL_FOLDER}=${workspaceFolder}`];
  if (configFile) label.push(`${LABEL_CONFIG_FILE}=${configFile}`);
  const found = await engine.listContainers({ all: true, labels: label });
  // Prefer a running one, then the newest.
  found.sort((a, b) => Number(b.State === 'running') - Number(a.State === 'running') || b.Created - a.Created);
  return found[0];
}
