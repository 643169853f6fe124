// Creating and starting the container. The engine refuses some settings only then
// ("error setting rlimit type 7: operation not permitted"). Its text names no config
// entry, so each create option remembers which runArgs flag or property set it, and a
// refusal is traced back to that entry, to be named in the message with a fix.
import type { ContainerSpec, Engine } from './engine';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { engineMessage } from './engineError';

/** Which config entry set a create option (`HostConfig.Ulimits`, `name`…). */
export interface OptionOrigin {
  /** Dotted path of the create option. */
  option: string;
  /** The config property at fault: `runArgs.3`, `mounts.0`, `privileged`. */
  property: string;
  /** How the user wrote it: `--ulimit nofile=1:2`, or the property name. */
  label: string;
  /** The value as written, looked for in the engine's text (a path, a network name). */
  value?: string;
}

/** Words of the engine's messages and the options they are about; the first that matches wins. */
const TOPICS: [RegExp, string[]][] = [
  [/rlimit|ulimit/i, ['HostConfig.Ulimits']],
  [/privileged/i, ['HostConfig.Privileged']],
  [/device driver|gpu/i, ['HostConfig.DeviceRequests']],
  [/runtime specified|invalid runtime|unknown runtime/i, ['HostConfig.Runtime']],
  [/sysctl/i, ['HostConfig.Sysctls']],
  [/device/i, ['HostConfig.Devices', 'HostConfig.DeviceCgroupRules', 'HostConfig.BlkioWeightDevice', 'HostConfig.BlkioDeviceReadBps', 'HostConfig.BlkioDeviceWriteBps', 'HostConfig.BlkioDeviceReadIOps', 'HostConfig.BlkioDeviceWriteIOps']],
  [/capabilit/i, ['HostConfig.CapAdd', 'HostConfig.CapDrop']],
  [/seccomp|apparmor|selinux|security.?opt|no-new-privileges/i, ['HostConfig.SecurityOpt']],
  [/user namespace|userns/i, ['HostConfig.UsernsMode']],
  [/swap|memory/i, ['HostConfig.Memory', 'HostConfig.MemorySwap', 'HostConfig.MemoryReservation', 'HostConfig.MemorySwappiness', 'HostConfig.KernelMemory']],
  [/cpu/i, ['HostConfig.NanoCpus', 'HostConfig.CpuShares', 'HostConfig.CpuPeriod', 'HostConfig.CpuQuota', 'HostConfig.CpuRealtimePeriod', 'HostConfig.CpuRealtimeRuntime', 'HostConfig.CpusetCpus', 'HostConfig.CpusetMems', 'HostConfig.CpuCount', 'HostConfig.CpuPercent']],
  [/pids/i, ['HostConfig.PidsLimit']],
  [/blkio|weight/i, ['HostConfig.BlkioWeight']],
  [/oom/i, ['HostConfig.OomKillDisable', 'HostConfig.OomScoreAdj']],
  [/\bipc\b/i, ['HostConfig.IpcMode']],
  [/\bpid\b/i, ['HostConfig.PidMode']],
  [/\buts\b/i, ['HostConfig.UTSMode']],
  [/cgroup.?ns|cgroup namespace/i, ['HostConfig.CgroupnsMode']],
  [/cgroup/i, ['HostConfig.CgroupParent']],
  [/log(ging)? (driver|plugin|opt)/i, ['HostConfig.LogConfig.Type', 'HostConfig.LogConfig.Config']],
  [/restart/i, ['HostConfig.RestartPolicy', 'HostConfig.AutoRemove']],
  [/storage.?opt|quota/i, ['HostConfig.StorageOpt']],
  [/tmpfs/i, ['HostConfig.Tmpfs']],
  [/shm/i, ['HostConfig.ShmSize']],
  [/mount|bind source|volume/i, ['HostConfig.Mounts', 'HostConfig.VolumesFrom', 'HostConfig.VolumeDriver']],
  [/port|address already in use|bind for/i, ['HostConfig.PortBindings', 'ExposedPorts', 'HostConfig.PublishAllPorts']],
  [/network|endpoint|ipam|alias/i, ['HostConfig.NetworkMode', 'NetworkingConfig']],
  [/extra.?host/i, ['HostConfig.ExtraHosts']],
  [/\bdns\b/i, ['HostConfig.Dns', 'HostConfig.DnsOptions', 'HostConfig.DnsSearch']],
  [/health/i, ['Healthcheck']],
  [/isolation/i, ['HostConfig.Isolation']],
  [/platform/i, ['platform']],
  [/container name .* in use|name .* already in use/i, ['name']],
  [/\blink/i, ['HostConfig.Links']],
  [/unable to find user|no matching entries in passwd|\buser\b/i, ['User']],
  [/executable file not found|entrypoint/i, ['Entrypoint']],
  [/chdir|working dir|workdir/i, ['WorkingDir']],
];

/**
 * A create or start refusal, naming the entry behind it: among the entries the engine's words
 * are about, the one whose value it quotes; else those it is about; else one whose value it
 * quotes ("No such container: db" for --ipc container:db). Undefined when none can be told.
 */
export function explainRefusal(reason: string, origins: OptionOrigin[]): { origin: OptionOrigin; message: string; fix: string } | undefined {
  const quoted = origins.filter((o) => quotes(reason, o.value));
  const topic = TOPICS.find(([words, options]) => words.test(reason) && origins.some((o) => options.includes(o.option)));
  const about = topic ? origins.filter((o) => topic[1].includes(o.option)) : [];
  const both = about.filter((o) => quoted.includes(o));
  const blamed = both.length > 0 ? both : about.length > 0 ? about : quoted;
  if (blamed.length === 0) return undefined;
  const origin = blamed[blamed.length - 1];
  const names = blamed.map((o) => (o.property.startsWith('runArgs.') ? `${o.label} (${o.property})` : `"${o.label}"`));
  const where = origin.property.startsWith('runArgs.') ? 'runArgs' : 'devcontainer.json';
  return {
    origin,
    message: `the engine refused the container because of ${names.join(', ')}: ${reason}`,
    fix: `Change or remove ${origin.property.startsWith('runArgs.') ? origin.label.split(/[ =]/)[0] : `"${origin.label}"`} in ${where}: this host does not allow it as written.`,
  };
}

/** Whether the engine's text holds the value, or one of its parts (`container:db` → `db`), long enough to tell. */
function quotes(reason: string, value: string | undefined): boolean {
  if (!value) return false;
  return [value, ...value.split(/[:=,]/)].some((part) => part.length >= 3 && !/^\d+$/.test(part) && reason.includes(part));
}

/** The BerthError for a refused create/start: traced to its entry when possible, else the engine's text with where to look. */
export function refusalError(err: unknown, origins: OptionOrigin[], at: (property: string) => Partial<BerthError>): BerthError {
  const reason = engineMessage(err).trim();
  const explained = explainRefusal(reason, origins);
  if (explained) return { ...at(explained.origin.property), message: explained.message, fix: explained.fix };
  return { message: `the engine refused the container: ${reason}`, fix: 'Check runArgs, mounts and the container settings in devcontainer.json against what this host allows.' };
}

export interface ContainerPlan {
  options: ContainerSpec;
  /** Which config entry set which option, to name it when the engine refuses one. */
  origins: OptionOrigin[];
  /** Why the engine must not be asked, in Docker's words: it would take what Docker refuses (engine/podmanAdapter.ts). */
  refusal?: string;
}

/** Creates and starts the container, resolving with its id; a refusal names the config entry behind it (`at` locates a property in the config).
 * `beforeStart` may find the created container unusable: it is then removed, never started. */
export async function createContainer(engine: Engine, plan: ContainerPlan, at: (property: string) => Partial<BerthError>, beforeStart?: (id: string) => Promise<BerthError | undefined>): Promise<Result<string>> {
  if (plan.refusal) return fail(refusalError(plan.refusal, plan.origins, at));
  let container: string;
  try {
    container = await engine.createContainer(plan.options);
  } catch (err) {
    if (!isRefusal(err)) throw err;
    return fail(refusalError(err, plan.origins, at));
  }
  const unusable = await beforeStart?.(container);
  if (unusable) {
    await engine.removeContainer(container, { force: true, volumes: true });
    return fail(unusable);
  }
  try {
    await engine.startContainer(container);
  } catch (err) {
    if (!isRefusal(err)) throw err;
    // A container that cannot start is of no use and would be found by the next `up`.
    await engine.removeContainer(container, { force: true, volumes: true }).catch(() => undefined);
    return fail(refusalError(err, plan.origins, at));
  }
  return ok(container);
}

/** An answer of the engine (HTTP 4xx/5xx), as opposed to a connection that failed. */
function isRefusal(err: unknown): boolean {
  return typeof (err as { statusCode?: unknown })?.statusCode === 'number';
}
