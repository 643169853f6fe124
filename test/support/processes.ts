// The processes of a container on this machine's kernel, found by its cgroup (`/docker/<id>`,
// `libpod-<id>`), so that tests count them the same on Docker and Podman: Podman 4.3's Docker
// API answers `top` empty.
import { readdirSync, readFileSync } from 'node:fs';

/** Each process's command line (arguments joined by spaces), sorted. */
export function containerProcesses(containerId: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(containerId)) continue;
      found.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '));
    } catch {
      // The process ended while the list was read.
    }
  }
  return found.sort();
}
