// The override file Berth adds to the user's compose files: what devcontainer.json sets on the
// primary service, written in Berth's state folder (never in the repository). JSON is YAML, so
// no value needs YAML quoting; compose's own `$` interpolation is escaped as `$$`. Mounts use
// compose's long volume syntax, so a path with `:` or `,` is one value (the short `src:dst:ro` cannot say it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MergedConfig } from '../config/types';
import { startCommand } from '../engine/createOptions';
import { toMount } from '../config/mounts';
import { berthStateDir } from '../engine/state';
import { PODMAN_UNMOUNTABLE, podmanBindForm } from '../engine/podmanAdapter';
import { fail, ok, type Result } from '../util/result';
import { shellWords, type ComposeService } from './composeConfig';

/** The devcontainer CLI keeps (and on a restart reuses) an override whose name starts so; Berth's does too. */
export const OVERRIDE_PREFIX = 'docker-compose.devcontainer.containerFeatures';

export interface OverrideInput {
  service: string;
  merged: MergedConfig;
  /** Set when Berth prepared an image the service does not name (UID stage, features). */
  image?: string;
  labels: Record<string, string>;
  /** The first compose file's `version:`, repeated so compose v1 reads both files alike. */
  version?: string;
  /** On Podman: the service's security options and user namespace (engine/podmanAdapter.ts podmanIsolation). */
  isolation?: { securityOpt: string[]; usernsMode: string | undefined };
  /** On Podman: bind mounts in the form its Docker API keeps whole (engine/podmanAdapter.ts podmanBindForm). */
  podmanBinds?: boolean;
  /** The service as compose resolved it, and its image's ENTRYPOINT and CMD: what runs after the features' entrypoints. */
  own?: { service: ComposeService; image: { entrypoint: string[]; cmd: string[] } };
}

const escape = (s: string) => s.replace(/\$/g, '$$$$');

export function overrideDocument(input: OverrideInput): Result<Record<string, unknown>> {
  const { merged } = input;
  const service: Record<string, unknown> = {};
  const namedVolumes: string[] = [];
  if (input.image) service.image = input.image;
  const entrypoints = merged.entrypoints ?? [];
  if (merged.overrideCommand === true) {
    service.entrypoint = startCommand(entrypoints, { override: true })!.map(escape);
    service.command = [];
  } else if (entrypoints.length && input.own) {
    // As the devcontainer CLI does: the features' entrypoints, then the service's entrypoint (else
    // the image's). A new entrypoint drops the image's CMD in compose, so the command is restated
    // unless the service has its own (none when the service names its own entrypoint, as compose does).
    const { service: own, image } = input.own;
    const kept = own.entrypoint !== undefined ? shellWords(own.entrypoint) : image.entrypoint;
    service.entrypoint = startCommand(entrypoints, { override: false, imageCommand: kept })!.map(escape);
    if (own.command === undefined) service.command = (own.entrypoint !== undefined ? [] : image.cmd).map(escape);
  }
  if (merged.init) service.init = true;
  if (merged.privileged) service.privileged = true;
  if (merged.capAdd?.length) service.cap_add = merged.capAdd;
  // Compose adds these to the service's own security options (each once).
  const securityOpt = input.isolation?.securityOpt ?? merged.securityOpt ?? [];
  if (securityOpt.length) service.security_opt = securityOpt;
  if (input.isolation?.usernsMode) service.userns_mode = input.isolation.usernsMode;
  if (merged.containerUser) service.user = merged.containerUser;
  const env = Object.entries(merged.containerEnv ?? {});
  if (env.length) service.environment = Object.fromEntries(env.map(([k, v]) => [k, escape(String(v))]));
  service.labels = Object.fromEntries(Object.entries(input.labels).map(([k, v]) => [k, escape(v)]));
  const volumes: (Record<string, unknown> | string)[] = [];
  const tmpfs: string[] = [];
  for (const [i, m] of (merged.mounts ?? []).entries()) {
    const mount = toMount(m);
    if (!mount.ok) return fail({ ...mount.error, property: `mounts.${i}` });
    const { Type, Source, Target, ReadOnly } = mount.value;
    if (Type === 'tmpfs') {
      tmpfs.push(Target);
      continue;
    }
    if (Type === 'volume' && Source) namedVolumes.push(Source);
    const podmanForm = input.podmanBinds && Type === 'bind' ? podmanBindForm(mount.value) : 'mounts';
    if (podmanForm === 'neither') return fail({ message: `${PODMAN_UNMOUNTABLE}: ${Source}`, property: `mounts.${i}`, fix: 'Rename the folder, or mount a folder above it.' });
    if (podmanForm === 'binds') {
      volumes.push(`${escape(Source)}:${escape(Target)}${ReadOnly ? ':ro' : ''}`);
      continue;
    }
    volumes.push({ type: Type, ...(Source ? { source: escape(Source) } : {}), target: escape(Target), ...(ReadOnly ? { read_only: true } : {}) });
  }
  if (volumes.length) service.volumes = volumes;
  if (tmpfs.length) service.tmpfs = tmpfs;
  return ok({
    ...(input.version ? { version: input.version } : {}),
    services: { [input.service]: service },
    // As the devcontainer CLI declares them: compose then names them `<project>_<name>`.
    ...(namedVolumes.length ? { volumes: Object.fromEntries(namedVolumes.map((v) => [v, {}])) } : {}),
  });
}

/** Written per project, replaced on each `up`, so overrides do not pile up. */
export function writeOverride(project: string, document: Record<string, unknown>): string {
  const dir = join(berthStateDir(), 'compose');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${OVERRIDE_PREFIX}-berth-${project}.yml`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  return file;
}
