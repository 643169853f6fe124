// Turns a merged config into the engine's container-create options: identity labels,
// mounts, environment, privileges, published appPorts and the translated runArgs.
import type { ImageDetails, Mount } from './engine';
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

/** What the container runs: kept alive by Berth (overrideCommand), or the image's ENTRYPOINT then CMD. */
export type StartMode = { override: true } | { override: false; imageCommand: string[] };

/** The image's own ENTRYPOINT and CMD (the engine gives null for none). */
export function imageCommandOf(info: ImageDetails): { entrypoint: string[]; cmd: string[] } {
  return { entrypoint: [info.Config?.Entrypoint ?? []].flat(), cmd: info.Config?.Cmd ?? [] };
}

/**
 * The container's command as the devcontainer CLI makes it: the features' entrypoints run first
 * (each passed as an argument, never pasted into the script), then the image's own command when
 * it is kept, else (or when the image has none) the keep-alive loop. Undefined: the image's own
 * command runs untouched (no entrypoints, overrideCommand false).
 */
export function startCommand(entrypoints: string[], mode: StartMode): string[] | undefined {
  if (!entrypoints.length) return mode.override ? KEEP_ALIVE : undefined;
  const script = `n=$1; shift; while [ "$n" -gt 0 ]; do /bin/sh -c "$1"; shift; n=$((n-1)); done; [ "$#" -eq 0 ] || exec "$@"; ${KEEP_ALIVE[2]}`;
  return [KEEP_ALIVE[0], '-c', script, '-', String(entrypoints.length), ...entrypoints, ...(mode.override ? [] : mode.imageCommand)];
}

/**
 * `env` is the caller's environment (CLI or editor), not the helper's: bare `-e NAME` in runArgs reads it.
 * `imageCommand` is the image's ENTRYPOINT and CMD, run after the features' entrypoints when overrideCommand is false.
 */
export function createOptions(loaded: LoadedConfig, merged: MergedConfig, image: string, metadataLabel: string, env: NodeJS.ProcessEnv, imageCommand: string[] = []): Result<ContainerPlan> {
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
  const command = startCommand(merged.entrypoints ?? [], merged.overrideCommand !== false ? { override: true } : { override: false, imageCommand });
  return ok({
    origins,
    options: {
      ...r,
      User: r.User ?? merged.containerUser,
      Env: [...containerEnv, ...r.Env],
      Labels: { ...r.Labels, ...loaded.labels, [LABEL_METADATA]: metadataLabel, [LABEL_BERTH]: '1' },
      ...(r.Entrypoint || !command ? {} : { Entrypoint: command.slice(0, 1), Cmd: command.slice(1) }),
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
