// Compose projects a test made, found by compose's labels and removed with all they made
// (containers, networks, the project's volumes): nothing of anyone else's.
import { randomBytes } from 'node:crypto';
import { docker, dockerQuietly } from './cli';
import { workspace } from './workspace';

const projects: string[] = [];

/** A workspace with a unique name, so its project (`<name>_devcontainer`) is the test's own. */
export function composeWorkspace(config: object, compose: string, extra: Record<string, string | object> = {}): { ws: string; project: string } {
  const name = `bc${randomBytes(4).toString('hex')}`;
  const ws = workspace({ '.devcontainer/devcontainer.json': config, '.devcontainer/docker-compose.yml': compose, ...extra }, name);
  const project = `${name}_devcontainer`;
  projects.push(project);
  return { ws, project };
}

export function projectContainerIds(project: string, service?: string): string[] {
  const filters = ['--filter', `label=com.docker.compose.project=${project}`, ...(service ? ['--filter', `label=com.docker.compose.service=${service}`] : [])];
  return docker('ps', '-aq', ...filters).split('\n').filter(Boolean);
}

export function removeComposeProject(project: string): void {
  for (const id of projectContainerIds(project)) dockerQuietly('rm', '-f', '-v', id);
  for (const net of docker('network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`).split('\n').filter(Boolean)) dockerQuietly('network', 'rm', net);
  for (const image of docker('images', '-q', '--filter', `reference=${project}_*`).split('\n').filter(Boolean)) dockerQuietly('rmi', '-f', image);
  for (const vol of docker('volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`).split('\n').filter(Boolean)) dockerQuietly('volume', 'rm', vol);
}

export function cleanupComposeProjects(): void {
  for (const p of projects.splice(0)) removeComposeProject(p);
}
