// Copies the host's VS Code server and Node binary into the container, once per server
// commit: the container needs no internet, and a container restart keeps the copy.
import { basename, dirname } from 'node:path';
import * as tar from 'tar-fs';
import type { Engine } from '../engine/engine';
import { execIn } from '../engine/execIn';
import type { ServerBits } from './serverBits';

/** Where the servers live in the container, a folder per commit. */
export const INSTALL_ROOT = '/opt/berth/vscode-server';

export function installDir(commit: string): string {
  return `${INSTALL_ROOT}/${commit}`;
}

const COMPLETE = '.berth-complete';

export interface Installed {
  dir: string;
  node: string;
  /** False when the container had this commit already. */
  copied: boolean;
}

export async function installServer(engine: Engine, containerId: string, bits: ServerBits, nodeBinary = process.execPath): Promise<Installed> {
  const dir = installDir(bits.commit);
  const node = `${dir}/node`;
  const present = await execIn(engine, containerId, { argv: ['test', '-f', `${dir}/${COMPLETE}`], user: '0' });
  if (present.exitCode === 0) return { dir, node, copied: false };
  // Source maps are for debugging the server itself; without them the copy is a third smaller.
  const into = (name: string) => `${dir.slice(1)}/${name}`;
  const rootOwned = (header: tar.Headers) => ({ ...header, uid: 0, gid: 0 });
  await engine.putArchive(containerId, tar.pack(bits.root, { ignore: (name) => name.endsWith('.map'), map: (h) => rootOwned({ ...h, name: into(h.name) }) }), '/');
  await engine.putArchive(containerId, tar.pack(dirname(nodeBinary), { entries: [basename(nodeBinary)], map: (h) => rootOwned({ ...h, name: into('node') }) }), '/');
  // Marked last: an interrupted copy is copied again rather than run half-made.
  const marked = await execIn(engine, containerId, { argv: ['touch', `${dir}/${COMPLETE}`], user: '0' });
  if (marked.exitCode !== 0) throw new Error(`cannot finish the VS Code server's install in ${dir}: ${marked.output.trim()}`);
  return { dir, node, copied: true };
}
