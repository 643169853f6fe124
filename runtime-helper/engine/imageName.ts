// Built images get a deterministic name per workspace, the same scheme as the
// devcontainer CLI (vsc-<folder>-<sha256 of the folder>), so rebuilds replace them.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

export function builtImageName(workspaceFolder: string): string {
  const hash = createHash('sha256').update(workspaceFolder).digest('hex');
  return `vsc-${basename(workspaceFolder)}-${hash}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

/** The image that carries the host user's UID for remoteUser. */
export function uidImageName(image: string): string {
  const base = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return `${base.toLowerCase()}-uid`;
}
