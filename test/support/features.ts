// Small dev container features written for the tests (offline: their install.sh only writes
// files), and publishing them to the local registry with the devcontainer CLI.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './cli';

export interface FeatureSource {
  /** devcontainer-feature.json; `id` is the folder name. */
  json: Record<string, unknown> & { id: string };
  /** Extra lines for install.sh, after it records its environment and its turn. */
  install?: string;
}

/** Where every test feature's install.sh leaves its environment (`<id>.env`) and the install order (`order`). */
export const RECORD_DIR = '/usr/local/share/berth-features';

export function featureFolder(parent: string, f: FeatureSource): string {
  const dir = join(parent, f.json.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'devcontainer-feature.json'), JSON.stringify(f.json, null, 2));
  const script = `#!/bin/sh\nset -e\nmkdir -p ${RECORD_DIR}\nenv | sort > ${RECORD_DIR}/${f.json.id}.env\necho ${f.json.id} >> ${RECORD_DIR}/order\n${f.install ?? ''}\n`;
  writeFileSync(join(dir, 'install.sh'), script);
  chmodSync(join(dir, 'install.sh'), 0o755);
  return dir;
}

/** A namespace of its own on the local registry for this test run. */
export function uniqueNamespace(): string {
  return `berthtest/run${process.pid}-${Date.now().toString(36)}`;
}

/** Publishes the features to localhost:5000 (the CLI speaks plain HTTP to a host spelled localhost). */
export function publish(namespace: string, features: FeatureSource[]): void {
  const src = mkdtempSync(join(tmpdir(), 'berth-features-src-'));
  for (const f of features) featureFolder(src, f);
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules/@devcontainers/cli/devcontainer.js'), 'features', 'publish', '-r', 'localhost:5000', '-n', namespace, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`publishing test features failed: ${r.stderr}${r.stdout}`);
}
