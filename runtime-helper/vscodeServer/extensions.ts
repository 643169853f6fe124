// customizations.vscode.extensions in the container's server. The host's installed copy of
// an extension is copied in (works offline); any other is asked of the server's gallery.
import * as tar from 'tar-fs';
import type { Engine } from '../engine/engine';
import { execIn } from '../engine/execIn';
import { redactToken, type ServerPlace } from './serverProcess';
import { SERVER_MAIN } from './serverBits';

export interface ExtensionFailure {
  id: string;
  reason: string;
}

export interface ExtensionsOutcome {
  /** Host copies put into the server's extensions folder: the server must (re)index it. */
  copied: string[];
  installed: string[];
  failed: ExtensionFailure[];
}

/** Owner of the copied files: the remote user, so its server can update or remove them. */
export interface Owner {
  uid: number;
  gid: number;
}

export function extensionsDir(place: Pick<ServerPlace, 'dataDir'>): string {
  return `${place.dataDir}/extensions`;
}

/** `knownFailures`: gallery installs that failed for this container already, not tried again on every start. */
export async function installExtensions(engine: Engine, place: ServerPlace, owner: Owner, wanted: string[], hostCopies: Record<string, string>, knownFailures: ExtensionFailure[] = []): Promise<ExtensionsOutcome> {
  const outcome: ExtensionsOutcome = { copied: [], installed: [], failed: [] };
  if (!wanted.length) return outcome;
  const present = await installedIds(engine, place);
  const byLowerId = new Map(Object.entries(hostCopies).map(([id, path]) => [id.toLowerCase(), path]));
  const missing = wanted.filter((id) => !present.has(id.toLowerCase()));
  // Gallery installs first: copying drops the index, which the next start rebuilds from every folder.
  for (const id of missing.filter((id) => !byLowerId.has(id.toLowerCase()))) {
    const known = knownFailures.find((f) => f.id === id);
    if (known) {
      outcome.failed.push(known);
      continue;
    }
    const r = await execIn(engine, place.containerId, { argv: [place.node, `${place.installDir}/${SERVER_MAIN}`, '--server-data-dir', place.dataDir, '--install-extension', id], user: place.user });
    if (r.exitCode === 0 && !/Failed Installing|Error while installing|not found/i.test(r.output)) outcome.installed.push(id);
    else outcome.failed.push({ id, reason: lastLine(r.output) || `exit code ${r.exitCode}` });
  }
  for (const id of missing.filter((id) => byLowerId.has(id.toLowerCase()))) {
    try {
      await copyHostExtension(engine, place, owner, id, byLowerId.get(id.toLowerCase())!);
      outcome.copied.push(id);
    } catch (err) {
      outcome.failed.push({ id, reason: (err as Error).message });
    }
  }
  return outcome;
}

function lastLine(text: string): string {
  return redactToken(text).trim().split('\n').filter(Boolean).pop() ?? '';
}

/** Folder names in the server's extensions folder are `<publisher.name>-<version>`. */
async function installedIds(engine: Engine, place: ServerPlace): Promise<Set<string>> {
  // Made by the user first: a folder the engine's copy made would be root's, and the server could not index it.
  const r = await execIn(engine, place.containerId, { argv: ['/bin/sh', '-c', 'mkdir -p "$1" && ls -1 "$1"', 'berth-ls', extensionsDir(place)], user: place.user });
  return new Set(r.output.split('\n').map((n) => n.trim().replace(/-\d+\.\d+\.\d+.*$/, '').toLowerCase()).filter(Boolean));
}

async function copyHostExtension(engine: Engine, place: ServerPlace, owner: Owner, id: string, hostPath: string): Promise<void> {
  const folder = `${extensionsDir(place).slice(1)}/${hostPath.split('/').filter(Boolean).pop() ?? id}`;
  const pack = tar.pack(hostPath, { map: (h) => ({ ...h, name: `${folder}/${h.name}`, uid: owner.uid, gid: owner.gid }) });
  await engine.putArchive(place.containerId, pack, '/');
  // Without its index the server scans the folder on its next start: the copies count as installed.
  await execIn(engine, place.containerId, { argv: ['rm', '-f', `${extensionsDir(place)}/extensions.json`], user: place.user });
}
