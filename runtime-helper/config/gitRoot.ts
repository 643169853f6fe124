// The devcontainer CLI mounts the whole Git repository a workspace folder belongs to
// (--mount-workspace-git-root, on by default), so that Git works in the container.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The closest folder at or above `folder` holding a Git repository (`.git/config`, or a `.git` file of a worktree or submodule). */
export function gitRoot(folder: string): string | undefined {
  for (let dir = folder, previous = ''; dir !== previous; previous = dir, dir = dirname(dir)) {
    if (isGitEntry(join(dir, '.git'))) return dir;
  }
  return undefined;
}

function isGitEntry(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return statSync(join(path, 'config')).isFile();
    return readFileSync(path, 'utf8').startsWith('gitdir:');
  } catch {
    return false;
  }
}
