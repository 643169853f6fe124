// Builds the .vsix the way a user gets it: the production bundles, then `vsce package`.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../support/cli';

// In this checkout's own test-results/: .berth-cache may be shared by several checkouts.
export const VSIX = join(REPO, 'test-results', 'berth.vsix');

/** `out`: a suite that runs beside others packages to its own file. */
export function packageExtension(out = VSIX): string {
  mkdirSync(join(REPO, 'test-results'), { recursive: true });
  run(process.execPath, [join(REPO, 'scripts/build.mjs'), '--production']);
  run(join(REPO, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', out]);
  return out;
}

/** Runs a program to completion; a failure carries its output. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd: REPO, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Packages a test extension's folder (a fixture) into `out`. */
export function packageFolder(folder: string, out: string): string {
  const r = spawnSync(join(REPO, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], { cwd: folder, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package in ${folder} failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}
