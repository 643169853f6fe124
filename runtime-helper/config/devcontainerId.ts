// ${devcontainerId}: a hash of the identity labels, computed as the devcontainer CLI
// does so both tools agree, and stable across rebuilds of the same workspace.
import { createHash } from 'node:crypto';

export function devcontainerId(labels: Record<string, string>): string {
  const json = JSON.stringify(labels, Object.keys(labels).sort());
  const digest = createHash('sha256').update(json, 'utf8').digest('hex');
  return BigInt(`0x${digest}`).toString(32).padStart(52, '0');
}
