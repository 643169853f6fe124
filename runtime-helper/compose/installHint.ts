// How to install Docker Compose on the user's system, for the message when none is found:
// the package manager /etc/os-release names (ID, then ID_LIKE), Docker Desktop on macOS.
import { readFileSync } from 'node:fs';

const GENERIC = 'see https://docs.docker.com/compose/install/';

/** Distribution families by the ids os-release uses, each with its own command. */
const FAMILIES: { ids: string[]; hint: string }[] = [
  { ids: ['debian', 'ubuntu'], hint: "on Debian or Ubuntu `sudo apt-get install docker-compose` (or the docker-compose-plugin package from Docker's repository)" },
  { ids: ['fedora', 'rhel', 'centos'], hint: "on Fedora or RHEL `sudo dnf install docker-compose` (or the docker-compose-plugin package from Docker's repository)" },
  { ids: ['arch'], hint: 'on Arch Linux `sudo pacman -S docker-compose`' },
  { ids: ['alpine'], hint: 'on Alpine `sudo apk add docker-cli-compose`' },
];

/** `osRelease` is the text of /etc/os-release (undefined when there is none). */
export function composeInstallHint(platform: NodeJS.Platform, osRelease: string | undefined): string {
  if (platform === 'darwin') return 'on macOS install Docker Desktop, which brings `docker compose` (https://docs.docker.com/desktop/setup/install/mac-install/)';
  if (platform !== 'linux' || osRelease === undefined) return GENERIC;
  const field = (name: string) => new RegExp(`^${name}=["']?([^"'\\n]*)`, 'm').exec(osRelease)?.[1].toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  // The distribution's own id first: a derivative's ID_LIKE may name several families.
  for (const id of [...field('ID'), ...field('ID_LIKE')]) {
    const family = FAMILIES.find((f) => f.ids.includes(id));
    if (family) return family.hint;
  }
  return GENERIC;
}

export function readOsRelease(): string | undefined {
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      /* the next one, as os-release(5) says */
    }
  }
  return undefined;
}
