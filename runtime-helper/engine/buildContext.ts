// The build context as a tar stream, filtered by .dockerignore exactly as docker does,
// with the Dockerfile added under a private name when it lives outside the context.
import dockerignore from '@balena/dockerignore';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as tar from 'tar-fs';

export interface ContextTar {
  stream: NodeJS.ReadableStream;
  /** The Dockerfile's path inside the tar, for the engine's `dockerfile` parameter. */
  dockerfileInTar: string;
}

export function packContext(context: string, dockerfile: string): ContextTar {
  const rules = readIgnoreRules(context);
  const ig = dockerignore({ ignorecase: false }).add(rules);
  // With a negated rule a child may come back inside an ignored folder, so folders are walked.
  const pruneFolders = !rules.some((r) => r.trim().startsWith('!'));
  const inside = !relative(context, dockerfile).startsWith('..');
  const dockerfileInTar = inside ? relative(context, dockerfile).split(sep).join('/') : '.berth.Dockerfile';
  const stream = tar.pack(context, {
    ignore: (name) => {
      const rel = relative(context, name).split(sep).join('/');
      if (!rel || rel === dockerfileInTar || rel === '.dockerignore') return false;
      if (!ig.ignores(rel)) return false;
      return pruneFolders || !statSync(name).isDirectory();
    },
    finalize: inside,
    finish: inside ? undefined : (pack) => {
      pack.entry({ name: dockerfileInTar, mode: 0o644 }, readFileSync(dockerfile));
      pack.finalize();
    },
  });
  return { stream, dockerfileInTar };
}

function readIgnoreRules(context: string): string[] {
  const file = join(context, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#'));
}
