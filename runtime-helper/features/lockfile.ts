// devcontainer-lock.json, in the devcontainer CLI's format so either tool reads the other's:
// beside the config (".devcontainer-lock.json" when the config's name starts with a dot),
// one entry per OCI or tarball feature, keyed by the reference as written, sorted.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail, ok, type Result } from '../util/result';
import type { ResolvedFeature } from './types';

export interface LockEntry {
  version?: string;
  resolved: string;
  integrity: string;
  dependsOn?: string[];
}

export interface Lockfile {
  features: Record<string, LockEntry>;
}

/** What a command does with the lockfile: write it, insist it is unchanged, only use its pins (reports), or ignore it. */
export type LockfileMode = 'write' | 'frozen' | 'read' | 'off';

export function lockfilePath(configFile: string): string {
  return join(dirname(configFile), basename(configFile).startsWith('.') ? '.devcontainer-lock.json' : 'devcontainer-lock.json');
}

export function readLockfile(configFile: string): Result<Lockfile | undefined> {
  const file = lockfilePath(configFile);
  if (!existsSync(file)) return ok(undefined);
  const text = readFileSync(file, 'utf8');
  if (!text.trim()) return ok(undefined);
  try {
    const value = JSON.parse(text) as Lockfile;
    return ok({ features: value.features ?? {} });
  } catch (err) {
    return fail({ file, message: `the lockfile is not valid JSON: ${(err as Error).message}`, fix: 'Delete it; `berth up` writes a new one.' });
  }
}

export function lockfileFor(installed: ResolvedFeature[]): Lockfile {
  const entries = installed
    .filter((f) => f.ref.kind === 'oci' || f.ref.kind === 'tarball')
    .map((f): [string, LockEntry] => {
      const deps = Object.keys(f.meta.dependsOn ?? {});
      const resolved = f.ref.kind === 'oci' ? `${f.ref.registry}/${f.ref.path}@${f.integrity}` : (f.ref as { url: string }).url;
      return [f.userId, { version: f.meta.version, resolved, integrity: f.integrity!, dependsOn: deps.length ? deps : undefined }];
    })
    .sort(([a], [b]) => a.localeCompare(b));
  return { features: Object.fromEntries(entries) };
}

const serialize = (l: Lockfile) => `${JSON.stringify(l, null, 2)}\n`;

/** Writes the lockfile when it changed; frozen, a difference is an error that says what differs. */
export function updateLockfile(configFile: string, next: Lockfile, mode: LockfileMode): Result<void> {
  if (mode === 'off' || mode === 'read') return ok(undefined);
  const file = lockfilePath(configFile);
  const current = readLockfile(configFile);
  if (!current.ok) return current;
  if (mode === 'frozen') {
    if (!current.value) return fail({ file, message: 'the lockfile does not exist (--frozen-lockfile)', fix: 'Run `berth up` without --frozen-lockfile once to write it, and commit it.' });
    const differences = describeDifferences(current.value, next);
    if (differences.length) return fail({ file, message: `the lockfile does not match the configuration (--frozen-lockfile): ${differences.join('; ')}`, fix: 'Run `berth up` without --frozen-lockfile to update the lockfile, or restore the features it pins.' });
    return ok(undefined);
  }
  if (current.value && serialize(current.value) === serialize(next)) return ok(undefined);
  writeFileSync(`${file}.tmp`, serialize(next));
  renameSync(`${file}.tmp`, file);
  return ok(undefined);
}

function describeDifferences(locked: Lockfile, wanted: Lockfile): string[] {
  const out: string[] = [];
  for (const id of Object.keys(wanted.features)) {
    const a = locked.features[id];
    const b = wanted.features[id];
    if (!a) out.push(`"${id}" is not in the lockfile`);
    else if (a.integrity !== b.integrity) out.push(`"${id}" is locked at ${a.integrity} but resolves to ${b.integrity}`);
    else if (JSON.stringify(a) !== JSON.stringify({ ...b })) out.push(`the entry of "${id}" differs`);
  }
  for (const id of Object.keys(locked.features)) if (!wanted.features[id]) out.push(`"${id}" is locked but no longer used`);
  return out;
}

/** The CLI flags --no-lockfile and --frozen-lockfile, as a mode. */
export function lockfileMode(flags: { frozenLockfile?: boolean; noLockfile?: boolean }): LockfileMode {
  return flags.noLockfile ? 'off' : flags.frozenLockfile ? 'frozen' : 'write';
}
