// A remoteUser or containerUser the image does not have would make the container's start
// or every exec fail with 126 ("unable to find user"). The engine resolves names from the
// container's /etc/passwd, so that file is read from the created container before it runs.
import type { Engine } from './engine';
import type { BerthError } from '../util/result';
import { podmanUnknownUser } from './podmanAdapter';

export interface UserToCheck {
  /** The config property it comes from: `remoteUser`, `containerUser`, `runArgs`. */
  property: string;
  /** `name`, `name:group`, `uid` or `uid:gid`. */
  user: string;
}

/** The first user the container has no passwd entry for, as an error naming it and the image. */
export async function missingUser(engine: Engine, containerId: string, image: string, users: UserToCheck[], where: (property: string) => Partial<BerthError>): Promise<BerthError | undefined> {
  const named = users.map((u) => ({ ...u, name: u.user.split(':')[0] })).filter((u) => u.name && !/^\d+$/.test(u.name));
  if (!named.length) return undefined;
  const passwd = await readFile(engine, containerId, '/etc/passwd');
  if ('refusedFor' in passwd) {
    // Podman reads no file of a container whose user is unknown, so the image's users cannot be listed.
    const missing = named.find((u) => u.name === passwd.refusedFor);
    return missing && missingError(missing, image, [], where);
  }
  if (passwd.text === undefined) return undefined; // cannot tell (no such file, a symlink): the engine will say
  const entries = passwd.text.split('\n').map((line) => line.split(':')).filter((f) => f[0]);
  const missing = named.find((u) => !entries.some((f) => f[0] === u.name));
  if (!missing) return undefined;
  // Root and the login users (UID 1000 and up) are the likely intended ones, not daemon accounts.
  const some = entries.filter((f) => Number(f[2]) === 0 || (Number(f[2]) >= 1000 && Number(f[2]) < 65534)).map((f) => f[0]);
  return missingError(missing, image, some, where);
}

function missingError(missing: UserToCheck & { name: string }, image: string, some: string[], where: (property: string) => Partial<BerthError>): BerthError {
  return {
    ...where(missing.property),
    property: missing.property,
    message: `the user "${missing.name}" does not exist in the image ${image} (its /etc/passwd has no such entry)`,
    fix: `Set "${missing.property}" to a user the image has${some.length ? ` (${some.join(', ')})` : ''}, or create "${missing.name}" in the image (for example RUN useradd -m ${missing.name} in its Dockerfile).`,
  };
}

/** A regular file of the container (text undefined when it is missing or not a regular file), or the
 * container's user that made Podman refuse to read it. */
async function readFile(engine: Engine, containerId: string, path: string): Promise<{ text: string | undefined } | { refusedFor: string }> {
  try {
    const archive = await engine.getArchive(containerId, path);
    const chunks: Buffer[] = [];
    for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
    return { text: firstTarFile(Buffer.concat(chunks)) };
  } catch (err) {
    const refusedFor = podmanUnknownUser(String((err as Error)?.message));
    return refusedFor ? { refusedFor } : { text: undefined };
  }
}

/** The engine archives one path: a 512-byte ustar header (size in octal at 124, type at 156), then the data. */
function firstTarFile(tar: Buffer): string | undefined {
  if (tar.length < 512) return undefined;
  const type = String.fromCharCode(tar[156]);
  if (type !== '0' && type !== '\0') return undefined;
  const size = parseInt(tar.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
  return Number.isFinite(size) ? tar.subarray(512, 512 + size).toString('utf8') : undefined;
}
