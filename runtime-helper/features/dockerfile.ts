// The build that installs the features on the prepared image, laid out as the devcontainer
// CLI lays it out: the builtin variables in devcontainer-features.builtin.env, each feature
// in /tmp/dev-container-features/<id>_<n> with its options in devcontainer-features.env,
// its containerEnv as ENV before its own layer, then the image's user back.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../util/result';
import { optionEnv, optionValues } from './options';
import type { ResolvedFeature } from './types';

export const FEATURES_DIR = '/tmp/dev-container-features';

export interface BuiltinUsers {
  containerUser: string;
  remoteUser: string;
}

export interface PlannedFeature {
  feature: ResolvedFeature;
  /** The folder name in the context and the image: `<id>_<n>`, unique per install. */
  folder: string;
}

// Sources the builtin and option variables and runs install.sh: no value is pasted in here.
const INSTALL_WRAPPER = `#!/bin/sh
set -e
set -a
. ../devcontainer-features.builtin.env
. ./devcontainer-features.env
set +a
chmod +x ./install.sh
./install.sh
`;

/** A feature to install and the folder its contents are in. */
export interface FeatureContent {
  feature: ResolvedFeature;
  dir: string;
}

/** Writes the build context into `dir` and returns the features' folders in install order. */
export function writeFeatureContext(dir: string, order: FeatureContent[], users: BuiltinUsers): Result<PlannedFeature[]> {
  const planned = order.map(({ feature }, i) => ({ feature, folder: `${feature.meta.id.replace(/[^a-zA-Z0-9_-]/g, '_')}_${i}` }));
  const lines = [
    'ARG _DEV_CONTAINERS_BASE_IMAGE=scratch',
    'FROM $_DEV_CONTAINERS_BASE_IMAGE',
    'USER root',
    `COPY devcontainer-features.builtin.env ${FEATURES_DIR}/`,
    // The homes are looked up in the image; the user names come from the file, not this line.
    `RUN cd ${FEATURES_DIR} && . ./devcontainer-features.builtin.env \\`,
    ` && home() { (getent passwd "$1" 2>/dev/null || awk -F: -v u="$1" '$1 == u || $3 == u' /etc/passwd) | head -n1 | cut -d: -f6; } \\`,
    ` && echo "_CONTAINER_USER_HOME=$(home "$_CONTAINER_USER")" >> devcontainer-features.builtin.env \\`,
    ` && echo "_REMOTE_USER_HOME=$(home "$_REMOTE_USER")" >> devcontainer-features.builtin.env`,
  ];
  writeFileSync(join(dir, 'devcontainer-features.builtin.env'), `_CONTAINER_USER=${shellQuote(users.containerUser)}\n_REMOTE_USER=${shellQuote(users.remoteUser)}\n`);
  for (const [i, { feature, folder }] of planned.entries()) {
    const env = envLines(feature);
    if (!env.ok) return env;
    const target = join(dir, folder);
    mkdirSync(target, { recursive: true });
    cpSync(order[i].dir, target, { recursive: true, filter: (src) => !src.endsWith('/.complete') });
    const values = optionValues(feature.value, feature.meta);
    if (!values.ok) return values;
    writeFileSync(join(target, 'devcontainer-features.env'), Object.entries(optionEnv(values.value)).map(([k, v]) => `${k}=${shellQuote(v)}\n`).join(''));
    writeFileSync(join(target, 'devcontainer-features-install.sh'), INSTALL_WRAPPER, { mode: 0o755 });
    lines.push('', ...env.value, `COPY ${folder}/ ${FEATURES_DIR}/${folder}/`, `RUN chmod -R 0755 ${FEATURES_DIR}/${folder} && cd ${FEATURES_DIR}/${folder} && ./devcontainer-features-install.sh`);
  }
  lines.push('', 'ARG _DEV_CONTAINERS_IMAGE_USER=root', 'USER $_DEV_CONTAINERS_IMAGE_USER', '');
  writeFileSync(join(dir, 'Dockerfile'), lines.join('\n'));
  return ok(planned);
}

/** A feature's containerEnv as ENV lines: values may use ${VAR} of earlier layers, as in the CLI. */
function envLines(feature: ResolvedFeature): Result<string[]> {
  const out: string[] = [];
  for (const [k, v] of Object.entries(feature.meta.containerEnv ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || typeof v !== 'string' || /[\r\n]/.test(v)) {
      return fail({ message: `the feature "${feature.meta.id}" declares an unusable containerEnv entry "${k}"`, fix: 'Report it to the feature author: names are letters, digits and "_", values one line.' });
    }
    out.push(`ENV ${k}="${v.replace(/(["\\])/g, '\\$1')}"`);
  }
  return ok(out);
}

/** Single quotes keep every character literal when the file is sourced. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
