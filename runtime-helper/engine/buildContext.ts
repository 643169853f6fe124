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

export interface PackOptions {
  /**
   * BuildKit applies the tar's .dockerignore again, to the Dockerfile as well, where the legacy
   * builder reads an ignored Dockerfile and drops it after: for BuildKit the .dockerignore sent
   * gains a rule that keeps the Dockerfile.
   */
  keepIgnoredDockerfile?: boolean;
}

export function packContext(context: string, dockerfile: string, options: PackOptions = {}): ContextTar {
  const rules = readIgnoreRules(context);
  const ig = dockerignore({ ignorecase: false }).add(rules);
  // With a negated rule a child may come back inside an ignored folder, so folders are walked.
  const pruneFolders = !rules.some((r) => r.trim().startsWith('!'));
  const inside = !relative(context, dockerfile).startsWith('..');
  const dockerfileInTar = inside ? relative(context, dockerfile).split(sep).join('/') : '.berth.Dockerfile';
  const rewriteIgnore = options.keepIgnoredDockerfile === true && ig.ignores(dockerfileInTar);
  const extra: { name: string; content: Buffer }[] = [];
  if (!inside) extra.push({ name: dockerfileInTar, content: readFileSync(dockerfile) });
  if (rewriteIgnore) extra.push({ name: '.dockerignore', content: Buffer.from(`${readFileSync(join(context, '.dockerignore'), 'utf8').replace(/\n?$/, '\n')}!${dockerfileInTar}\n`) });
  const stream = tar.pack(context, {
    ignore: (name) => {
      const rel = relative(context, name).split(sep).join('/');
      if (rel === '.dockerignore') return rewriteIgnore;
      // The Dockerfile is sent even when ignored, and so are the folders on its way.
      if (!rel || rel === dockerfileInTar || dockerfileInTar.startsWith(`${rel}/`)) return false;
      if (!ig.ignores(rel)) return false;
      return pruneFolders || !statSync(name).isDirectory();
    },
    finalize: extra.length === 0,
    finish: extra.length === 0 ? undefined : (pack) => {
      for (const { name, content } of extra) pack.entry({ name, mode: 0o644 }, content);
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
