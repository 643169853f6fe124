// Turns a merged config into the engine's container-create options: identity labels,
// mounts, environment, privileges, published appPorts and the translated runArgs.
import type { Mount } from './engine';
import { dirname } from 'node:path';
import type { LoadedConfig, MergedConfig } from '../config/types';
import { fail, ok, type BerthError, type Result } from '../util/result';
import type { ContainerPlan } from './createContainer';
import { LABEL_BERTH, LABEL_METADATA } from '../config/labels';
import { toMount } from '../config/mounts';
import { appPorts } from './ports';
import { translateRunArgs } from './runArgs';

/** Keeps the container alive without depending on the image's command. */
// `wait` (unlike a foreground sleep) returns at once when TERM arrives, so stop is instant.
export const KEEP_ALIVE = ['/bin/sh', '-c', 'echo Container started; trap "exit 0" TERM INT; while :; do sleep 1000 & wait $!; done'];

/** Features' entrypoints run first, each passed as an argument, never pasted into the script. */
function keepAlive(entrypoints: string[]): string[] {
  if (!entrypoints.length) return KEEP_ALIVE.slice(1);
  return ['-c', `for entrypoint in "$@"; do /bin/sh -c "$entrypoint"; done; ${KEEP_ALIVE[2]}`, '-', ...entrypoints];
}

/** `env` is the caller's environment (CLI or editor), not the helper's: bare `-e NAME` in runArgs reads it. */
export function createOptions(loaded: LoadedConfig, merged: MergedConfig, image: string, metadataLabel: string, env: NodeJS.ProcessEnv): Result<ContainerPlan> {
  const at = (property: string): Partial<BerthError> => ({ file: loaded.configFile, ...loaded.locate(property), property });
  const run = translateRunArgs(merged.runArgs ?? [], { baseDir: dirname(loaded.configFile), env });
  if (!run.ok) return fail({ ...run.error, ...at(run.error.property ?? 'runArgs') });
  const { options: r, origins } = run.value;
  const origin = (option: string, property: string, value?: string) => origins.push({ option, property, label: property, value });

  const mounts: Mount[] = [loaded.workspaceMount];
  origin('HostConfig.Mounts', 'workspaceMount', loaded.workspaceMount.Source);
  for (const [i, m] of (merged.mounts ?? []).entries()) {
    const mount = toMount(m);
    if (!mount.ok) return fail({ ...mount.error, ...at(`mounts.${i}`) });
    mounts.push(mount.value);
    origin('HostConfig.Mounts', `mounts.${i}`, mount.value.Source || mount.value.Target);
  }
  const published = appPorts(merged.appPort);
  if (!published.ok) return fail({ ...published.error, ...at('appPort') });
  for (const p of published.value) {
    const key = `${p.containerPort}/${p.protocol}`;
    r.ExposedPorts[key] = {};
    r.HostConfig.PortBindings[key] = [...(r.HostConfig.PortBindings[key] ?? []), { HostIp: p.hostIp, HostPort: p.hostPort }];
    origin('HostConfig.PortBindings', 'appPort');
  }
  for (const [property, option] of [['privileged', 'HostConfig.Privileged'], ['init', 'HostConfig.Init'], ['capAdd', 'HostConfig.CapAdd'], ['securityOpt', 'HostConfig.SecurityOpt'], ['containerUser', 'User']] as const) {
    if (merged[property] !== undefined) origin(option, property);
  }

  const containerEnv = Object.entries(merged.containerEnv ?? {}).map(([k, v]) => `${k}=${v}`);
  const override = merged.overrideCommand !== false;
  return ok({
    origins,
    options: {
      ...r,
      User: r.User ?? merged.containerUser,
      Env: [...containerEnv, ...r.Env],
      Labels: { ...r.Labels, ...loaded.labels, [LABEL_METADATA]: metadataLabel, [LABEL_BERTH]: '1' },
      ...(r.Entrypoint ? {} : override ? { Entrypoint: [KEEP_ALIVE[0]], Cmd: keepAlive(merged.entrypoints ?? []) } : {}),
      Image: image,
      HostConfig: {
        ...r.HostConfig,
        Mounts: [...mounts, ...r.HostConfig.Mounts],
        Init: r.HostConfig.Init || merged.init || undefined,
        Privileged: r.HostConfig.Privileged || merged.privileged || undefined,
        CapAdd: [...(merged.capAdd ?? []), ...(r.HostConfig.CapAdd ?? [])],
        SecurityOpt: [...(merged.securityOpt ?? []), ...(r.HostConfig.SecurityOpt ?? [])],
      },
    },
  });
}
