// Turns a merged config into the engine's container-create options: identity labels,
// mounts, environment, privileges, published appPorts and the translated runArgs.
import type Docker from 'dockerode';
import { dirname } from 'node:path';
import type { LoadedConfig, MergedConfig } from '../config/types';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { LABEL_BERTH, LABEL_METADATA } from './labels';
import { parseMountString, toMount } from './mounts';
import { appPorts } from './ports';
import { translateRunArgs } from './runArgs';

/** Keeps the container alive without depending on the image's command. */
// `wait` (unlike a foreground sleep) returns at once when TERM arrives, so stop is instant.
const KEEP_ALIVE = ['/bin/sh', '-c', 'echo Container started; trap "exit 0" TERM INT; while :; do sleep 1000 & wait $!; done'];

/** Features' entrypoints run first, each passed as an argument, never pasted into the script. */
function keepAlive(entrypoints: string[]): string[] {
  if (!entrypoints.length) return KEEP_ALIVE.slice(1);
  return ['-c', `for entrypoint in "$@"; do /bin/sh -c "$entrypoint"; done; ${KEEP_ALIVE[2]}`, '-', ...entrypoints];
}

export function createOptions(loaded: LoadedConfig, merged: MergedConfig, image: string, metadataLabel: string): Result<Docker.ContainerCreateOptions> {
  const at = (property: string): Partial<BerthError> => ({ file: loaded.configFile, ...loaded.locate(property), property });
  const run = translateRunArgs(merged.runArgs ?? [], { baseDir: dirname(loaded.configFile) });
  if (!run.ok) return fail({ ...run.error, ...at(run.error.property ?? 'runArgs') });
  const r = run.value;

  const workspace = parseMountString(loaded.workspaceMount);
  if (!workspace.ok) return fail({ ...workspace.error, ...at('workspaceMount') });
  const mounts: Docker.MountSettings[] = [workspace.value];
  for (const [i, m] of (merged.mounts ?? []).entries()) {
    const mount = toMount(m);
    if (!mount.ok) return fail({ ...mount.error, ...at(`mounts.${i}`) });
    mounts.push(mount.value);
  }
  const published = appPorts(merged.appPort);
  if (!published.ok) return fail({ ...published.error, ...at('appPort') });
  for (const p of published.value) {
    const key = `${p.containerPort}/${p.protocol}`;
    r.ExposedPorts[key] = {};
    r.HostConfig.PortBindings[key] = [...(r.HostConfig.PortBindings[key] ?? []), { HostIp: p.hostIp, HostPort: p.hostPort }];
  }

  const env = Object.entries(merged.containerEnv ?? {}).map(([k, v]) => `${k}=${v}`);
  const override = merged.overrideCommand !== false;
  return ok({
    name: r.name,
    Image: image,
    Hostname: r.Hostname,
    User: r.User ?? merged.containerUser,
    WorkingDir: r.WorkingDir,
    Env: [...env, ...r.Env],
    Labels: { ...r.Labels, ...loaded.labels, [LABEL_METADATA]: metadataLabel, [LABEL_BERTH]: '1' },
    ExposedPorts: r.ExposedPorts,
    ...(r.Entrypoint ? { Entrypoint: r.Entrypoint } : override ? { Entrypoint: [KEEP_ALIVE[0]], Cmd: keepAlive(merged.entrypoints ?? []) } : {}),
    HostConfig: {
      ...r.HostConfig,
      Mounts: [...mounts, ...r.HostConfig.Mounts],
      Init: r.HostConfig.Init || merged.init || undefined,
      Privileged: r.HostConfig.Privileged || merged.privileged || undefined,
      CapAdd: [...(merged.capAdd ?? []), ...(r.HostConfig.CapAdd ?? [])],
      SecurityOpt: [...(merged.securityOpt ?? []), ...(r.HostConfig.SecurityOpt ?? [])],
    },
  });
}
