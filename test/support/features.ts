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

/** Copies a feature published on localhost:5000 to the login registry on 127.0.0.1:5001 (the devcontainer CLI only publishes over HTTPS there). */
export async function copyToLoginRegistry(repository: string, tag: string, password: string): Promise<void> {
  const auth = { authorization: `Basic ${Buffer.from(`berth:${password}`).toString('base64')}` };
  const accept = { accept: 'application/vnd.oci.image.manifest.v1+json' };
  const manifest = Buffer.from(await (await fetch(`http://127.0.0.1:5000/v2/${repository}/manifests/${tag}`, { headers: accept })).arrayBuffer());
  const parsed = JSON.parse(manifest.toString()) as { config: { digest: string }; layers: { digest: string }[] };
  for (const digest of [parsed.config.digest, ...parsed.layers.map((l) => l.digest)]) {
    const blob = Buffer.from(await (await fetch(`http://127.0.0.1:5000/v2/${repository}/blobs/${digest}`)).arrayBuffer());
    const start = await fetch(`http://127.0.0.1:5001/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: auth });
    const location = new URL(start.headers.get('location')!, 'http://127.0.0.1:5001');
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: blob });
    if (!put.ok) throw new Error(`pushing ${digest} to 127.0.0.1:5001: ${put.status}`);
  }
  const put = await fetch(`http://127.0.0.1:5001/v2/${repository}/manifests/${tag}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest });
  if (!put.ok) throw new Error(`pushing the manifest to 127.0.0.1:5001: ${put.status}`);
}
