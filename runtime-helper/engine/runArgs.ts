// `runArgs` are `docker run` flags; Berth talks to the engine API, so each flag is
// translated into create options by the table below (docker 28's `docker run --help`).
// Only a flag `docker run` does not have is an error, never ignored.
import type { ContainerSpec, EndpointSettings, HostConfig as EngineHostConfig, PortBindings } from './engine';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, ok, type Result } from '../util/result';
import type { OptionOrigin } from './createContainer';
import { parseBytes, parseMountString, parseVolumeFlag, splitMountFields, type Mount } from '../config/mounts';
import { parsePublish } from './ports';

export type HostConfig = EngineHostConfig & { Mounts: Mount[]; PortBindings: PortBindings; CgroupnsMode?: string; Annotations?: Record<string, string> };

/** The part of the engine's create options that runArgs can set. */
export type RunOptions = Omit<ContainerSpec, 'HostConfig' | 'Image'> & {
  Env: string[];
  Labels: Record<string, string>;
  ExposedPorts: Record<string, object>;
  HostConfig: HostConfig;
};

export interface TranslatedRunArgs {
  options: RunOptions;
  /** Which runArgs entry set which option, to name it when the engine refuses the option. */
  origins: OptionOrigin[];
}

interface Context {
  baseDir: string;
  /** The caller's environment (the CLI's or the editor's), for bare `-e NAME`. */
  env: NodeJS.ProcessEnv;
  /** Endpoint settings (--ip, --network-alias…) wait for the network name. */
  endpoint: EndpointSettings;
}

/** Applies one flag's value; returns what is wrong with the value, if anything. */
type Apply = (o: RunOptions, value: string, ctx: Context) => string | undefined;

interface Flag {
  /** Takes a value (`--flag v`, `--flag=v`); otherwise a switch (`--flag`, `--flag=false`). */
  value: boolean;
  /** The create option it lands in (dotted path), or '' for what the docker client does for itself. */
  sets: string;
  apply: Apply;
}

// ---- value parsers: undefined means "not valid" ----

const int = (v: string) => (/^[-+]?\d+$/.test(v) ? Number(v) : undefined);
const decimal = (v: string) => (/^\d*\.?\d+$/.test(v) ? Number(v) : undefined);
const bytesOrMinusOne = (v: string) => (v === '-1' ? -1 : parseBytes(v));
const nanoCpus = (v: string) => {
  const n = decimal(v);
  return n === undefined ? undefined : Math.round(n * 1e9);
};
const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
/** Go's time.ParseDuration (`1m30s`, `500ms`), in nanoseconds as the engine wants them. */
function duration(v: string): number | undefined {
  if (v === '0') return 0;
  if (!/^(\d*\.?\d+(ns|us|µs|μs|ms|s|m|h))+$/.test(v)) return undefined;
  let total = 0;
  for (const [, n, unit] of v.matchAll(/(\d*\.?\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(n) * DURATION_UNITS[unit];
  return Math.round(total);
}
const PARSE_HINT = new Map<(v: string) => number | undefined, string>([
  [int, 'a whole number'],
  [decimal, 'a number such as 1.5'],
  [parseBytes, 'a size such as 512m or 2g'],
  [bytesOrMinusOne, 'a size such as 512m, or -1'],
  [nanoCpus, 'a number of CPUs such as 1.5'],
  [duration, 'a duration such as 30s or 1m30s'],
]);

// ---- where a value lands ----

/** Reads or creates the object that holds the last key of a dotted path. */
function holder(o: RunOptions, path: string): [Record<string, unknown>, string] {
  const keys = path.split('.');
  let at = o as unknown as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  return [at, keys[keys.length - 1]];
}
function setAt(o: RunOptions, path: string, value: unknown): void {
  const [h, k] = holder(o, path);
  h[k] = value;
}
function pushAt(o: RunOptions, path: string, ...values: unknown[]): void {
  const [h, k] = holder(o, path);
  h[k] = [...((h[k] as unknown[]) ?? []), ...values];
}

const text = (sets: string): Flag => ({ value: true, sets, apply: (o, v) => void setAt(o, sets, v) });
const list = (sets: string): Flag => ({ value: true, sets, apply: (o, v) => void pushAt(o, sets, v) });
const toggle = (sets: string): Flag => ({ value: false, sets, apply: (o, v) => void setAt(o, sets, v === 'true') });
const numeric = (sets: string, parse: (v: string) => number | undefined): Flag => ({
  value: true,
  sets,
  apply: (o, v) => {
    const n = parse(v);
    if (n === undefined) return `"${v}" is not ${PARSE_HINT.get(parse)}`;
    setAt(o, sets, n);
    return undefined;
  },
});
/** `KEY=VALUE` into a map (--sysctl, --log-opt, --storage-opt, --label). */
const keyed = (sets: string, requireValue = true): Flag => ({
  value: true,
  sets,
  apply: (o, v) => {
    const eq = v.indexOf('=');
    if (eq <= 0 && (requireValue || eq === 0 || v === '')) return `"${v}" is not KEY=VALUE`;
    const [h, k] = holder(o, sets);
    h[k] = { ...(h[k] as object), [eq < 0 ? v : v.slice(0, eq)]: eq < 0 ? '' : v.slice(eq + 1) };
    return undefined;
  },
});
/** `PATH:NUMBER` per device (--blkio-weight-device, --device-read-bps…). */
const deviceRate = (sets: string, field: 'Weight' | 'Rate', parse: (v: string) => number | undefined): Flag => ({
  value: true,
  sets,
  apply: (o, v) => {
    const colon = v.lastIndexOf(':');
    const n = colon > 0 ? parse(v.slice(colon + 1)) : undefined;
    if (n === undefined) return `"${v}" is not DEVICE_PATH:${field === 'Weight' ? 'WEIGHT' : 'RATE'} (${PARSE_HINT.get(parse)})`;
    pushAt(o, sets, { Path: v.slice(0, colon), [field]: n });
    return undefined;
  },
});
const special = (sets: string, apply: Apply, value = true): Flag => ({ value, sets, apply });
/** What the docker client does for itself (attach, detach, pull…): nothing for the container. */
const client = (value: boolean): Flag => ({ value, sets: '', apply: () => undefined });

const FLAGS: Record<string, Flag> = {
  // identity and process
  name: text('name'),
  hostname: text('Hostname'),
  domainname: text('Domainname'),
  user: text('User'),
  workdir: text('WorkingDir'),
  entrypoint: special('Entrypoint', (o, v) => void (o.Entrypoint = [v])),
  platform: text('platform'),
  tty: toggle('Tty'),
  interactive: toggle('OpenStdin'),
  'stop-signal': text('StopSignal'),
  'stop-timeout': numeric('StopTimeout', int),
  'mac-address': text('MacAddress'),
  // environment and labels
  env: special('Env', (o, v, ctx) => addEnv(o, v, ctx.env)),
  'env-file': special('Env', (o, v, ctx) => readLines(resolve(ctx.baseDir, v), (line) => addEnv(o, line, ctx.env))),
  label: keyed('Labels', false),
  'label-file': special('Labels', (o, v, ctx) => readLines(resolve(ctx.baseDir, v), (line) => FLAGS.label.apply(o, line, ctx))),
  annotation: keyed('HostConfig.Annotations'),
  // health
  'health-cmd': special('Healthcheck', (o, v) => void setAt(o, 'Healthcheck.Test', ['CMD-SHELL', v])),
  'health-interval': numeric('Healthcheck.Interval', duration),
  'health-timeout': numeric('Healthcheck.Timeout', duration),
  'health-start-period': numeric('Healthcheck.StartPeriod', duration),
  'health-start-interval': numeric('Healthcheck.StartInterval', duration),
  'health-retries': numeric('Healthcheck.Retries', int),
  'no-healthcheck': special('Healthcheck', (o, v) => void (v === 'true' && setAt(o, 'Healthcheck.Test', ['NONE'])), false),
  // storage
  volume: special('HostConfig.Mounts', (o, v) => addMount(o, parseVolumeFlag(v))),
  mount: special('HostConfig.Mounts', (o, v) => addMount(o, parseMountString(v))),
  tmpfs: special('HostConfig.Tmpfs', (o, v) => void setAt(o, `HostConfig.Tmpfs`, { ...o.HostConfig.Tmpfs, [v.split(':')[0]]: v.includes(':') ? v.slice(v.indexOf(':') + 1) : '' })),
  'volumes-from': list('HostConfig.VolumesFrom'),
  'volume-driver': text('HostConfig.VolumeDriver'),
  'read-only': toggle('HostConfig.ReadonlyRootfs'),
  'storage-opt': keyed('HostConfig.StorageOpt'),
  'shm-size': numeric('HostConfig.ShmSize', parseBytes),
  'use-api-socket': special('HostConfig.Mounts', (o, v) => void (v === 'true' && o.HostConfig.Mounts.push({ Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' })), false),
  // network
  network: special('HostConfig.NetworkMode', (o, v, ctx) => network(o, v, ctx)),
  'network-alias': special('NetworkingConfig', (_o, v, ctx) => void (ctx.endpoint.Aliases = [...(ctx.endpoint.Aliases ?? []), v])),
  ip: special('NetworkingConfig', (_o, v, ctx) => void (ctx.endpoint.IPAMConfig = { ...ctx.endpoint.IPAMConfig, IPv4Address: v })),
  ip6: special('NetworkingConfig', (_o, v, ctx) => void (ctx.endpoint.IPAMConfig = { ...ctx.endpoint.IPAMConfig, IPv6Address: v })),
  'link-local-ip': special('NetworkingConfig', (_o, v, ctx) => void (ctx.endpoint.IPAMConfig = { ...ctx.endpoint.IPAMConfig, LinkLocalIPs: [...(ctx.endpoint.IPAMConfig?.LinkLocalIPs ?? []), v] })),
  publish: special('HostConfig.PortBindings', (o, v) => publish(o, v)),
  'publish-all': toggle('HostConfig.PublishAllPorts'),
  expose: special('ExposedPorts', (o, v) => expose(o, v)),
  'add-host': special('HostConfig.ExtraHosts', (o, v) => addHost(o, v)),
  dns: list('HostConfig.Dns'),
  'dns-option': list('HostConfig.DnsOptions'),
  'dns-search': list('HostConfig.DnsSearch'),
  link: special('HostConfig.Links', (o, v) => void pushAt(o, 'HostConfig.Links', v.includes(':') ? v : `${v}:${v}`)),
  // namespaces, privileges, runtime
  ipc: text('HostConfig.IpcMode'),
  pid: text('HostConfig.PidMode'),
  uts: text('HostConfig.UTSMode'),
  userns: text('HostConfig.UsernsMode'),
  cgroupns: text('HostConfig.CgroupnsMode'),
  'cgroup-parent': text('HostConfig.CgroupParent'),
  isolation: text('HostConfig.Isolation'),
  runtime: text('HostConfig.Runtime'),
  privileged: toggle('HostConfig.Privileged'),
  init: toggle('HostConfig.Init'),
  'cap-add': list('HostConfig.CapAdd'),
  'cap-drop': list('HostConfig.CapDrop'),
  'security-opt': list('HostConfig.SecurityOpt'),
  'group-add': list('HostConfig.GroupAdd'),
  sysctl: keyed('HostConfig.Sysctls'),
  ulimit: special('HostConfig.Ulimits', (o, v) => ulimit(o, v)),
  device: special('HostConfig.Devices', (o, v) => device(o, v)),
  'device-cgroup-rule': list('HostConfig.DeviceCgroupRules'),
  gpus: special('HostConfig.DeviceRequests', (o, v) => gpus(o, v)),
  restart: special('HostConfig.RestartPolicy', (o, v) => restart(o, v)),
  rm: toggle('HostConfig.AutoRemove'),
  'log-driver': text('HostConfig.LogConfig.Type'),
  'log-opt': keyed('HostConfig.LogConfig.Config'),
  // resources
  memory: numeric('HostConfig.Memory', parseBytes),
  'memory-reservation': numeric('HostConfig.MemoryReservation', parseBytes),
  'memory-swap': numeric('HostConfig.MemorySwap', bytesOrMinusOne),
  'memory-swappiness': numeric('HostConfig.MemorySwappiness', int),
  'kernel-memory': numeric('HostConfig.KernelMemory', parseBytes),
  'oom-kill-disable': toggle('HostConfig.OomKillDisable'),
  'oom-score-adj': numeric('HostConfig.OomScoreAdj', int),
  cpus: numeric('HostConfig.NanoCpus', nanoCpus),
  'cpu-shares': numeric('HostConfig.CpuShares', int),
  'cpu-period': numeric('HostConfig.CpuPeriod', int),
  'cpu-quota': numeric('HostConfig.CpuQuota', int),
  'cpu-rt-period': numeric('HostConfig.CpuRealtimePeriod', int),
  'cpu-rt-runtime': numeric('HostConfig.CpuRealtimeRuntime', int),
  'cpuset-cpus': text('HostConfig.CpusetCpus'),
  'cpuset-mems': text('HostConfig.CpusetMems'),
  'cpu-count': numeric('HostConfig.CpuCount', int),
  'cpu-percent': numeric('HostConfig.CpuPercent', int),
  'pids-limit': numeric('HostConfig.PidsLimit', int),
  'blkio-weight': numeric('HostConfig.BlkioWeight', int),
  'blkio-weight-device': deviceRate('HostConfig.BlkioWeightDevice', 'Weight', int),
  'device-read-bps': deviceRate('HostConfig.BlkioDeviceReadBps', 'Rate', parseBytes),
  'device-write-bps': deviceRate('HostConfig.BlkioDeviceWriteBps', 'Rate', parseBytes),
  'device-read-iops': deviceRate('HostConfig.BlkioDeviceReadIOps', 'Rate', int),
  'device-write-iops': deviceRate('HostConfig.BlkioDeviceWriteIOps', 'Rate', int),
  'io-maxbandwidth': numeric('HostConfig.IOMaximumBandwidth', parseBytes),
  'io-maxiops': numeric('HostConfig.IOMaximumIOps', int),
  // the docker client's own business: accepted, nothing to create
  attach: client(true),
  detach: client(false),
  'detach-keys': client(true),
  'disable-content-trust': client(false),
  'sig-proxy': client(false),
  quiet: client(false),
  pull: client(true),
  cidfile: client(true),
  help: client(false),
};

/** Other names docker accepts for the same flags: one-letter forms and old spellings. */
const ALIASES: Record<string, string> = {
  a: 'attach', c: 'cpu-shares', d: 'detach', e: 'env', h: 'hostname', i: 'interactive', l: 'label', m: 'memory', p: 'publish', P: 'publish-all', q: 'quiet', t: 'tty', u: 'user', v: 'volume', w: 'workdir',
  net: 'network', 'net-alias': 'network-alias', 'dns-opt': 'dns-option',
};

const lookup = (name: string): Flag | undefined => FLAGS[ALIASES[name] ?? name];

export function translateRunArgs(args: string[], options: { baseDir: string; env: NodeJS.ProcessEnv }): Result<TranslatedRunArgs> {
  const ctx: Context = { baseDir: options.baseDir, env: options.env, endpoint: {} };
  const o: RunOptions = { Env: [], Labels: {}, ExposedPorts: {}, HostConfig: { Mounts: [], PortBindings: {} } };
  const origins: OptionOrigin[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const property = `runArgs.${i}`;
    const uses = parseFlag(args, i);
    if (!uses.ok) return fail({ ...uses.error, property });
    for (const { name, value } of uses.value.flags) {
      const flag = lookup(name)!;
      const problem = flag.apply(o, value, ctx);
      if (problem) return fail({ message: `${arg}: ${problem}`, property });
      const label = [arg, ...args.slice(i + 1, i + 1 + uses.value.consumed)].join(' ');
      if (flag.sets) origins.push({ option: flag.sets, property, label, ...(flag.value ? { value } : {}) });
    }
    i += uses.value.consumed;
  }
  if (Object.keys(ctx.endpoint).length > 0) o.NetworkingConfig = { EndpointsConfig: { [o.HostConfig.NetworkMode || 'default']: ctx.endpoint } };
  return ok({ options: o, origins });
}

/**
 * Reads the flag(s) at args[i] as docker's flag parser (pflag) does: `--name=v`, `--name v`,
 * `-x v`, `-xv`, `-x=v`, and switches bundled as `-it`. `consumed` counts the values taken
 * from the following entries.
 */
function parseFlag(args: string[], i: number): Result<{ flags: { name: string; value: string }[]; consumed: number }> {
  const arg = args[i];
  const needsValue = (name: string) => (i + 1 < args.length ? ok(args[i + 1]) : fail({ message: `the flag "${name}" needs a value` }));
  const long = /^--([a-zA-Z][\w-]*)(?:=([\s\S]*))?$/.exec(arg);
  if (long) {
    const [, name, inline] = long;
    const flag = lookup(name);
    if (!flag || name.length === 1) return fail({ message: `"--${name}" is not a docker run flag`, fix: 'Remove it from runArgs, or correct its spelling (see docker run --help).' });
    if (!flag.value) {
      if (inline !== undefined && !['true', 'false', '1', '0'].includes(inline)) return fail({ message: `--${name} is a switch; "${inline}" is not true or false` });
      return ok({ flags: [{ name, value: inline === undefined || inline === 'true' || inline === '1' ? 'true' : 'false' }], consumed: 0 });
    }
    if (inline !== undefined) return ok({ flags: [{ name, value: inline }], consumed: 0 });
    const v = needsValue(arg);
    return v.ok ? ok({ flags: [{ name, value: v.value }], consumed: 1 }) : v;
  }
  if (!/^-[a-zA-Z]/.test(arg)) return fail({ message: `"${arg}" is not a docker run flag (runArgs holds flags only, not the image or command)` });
  const flags: { name: string; value: string }[] = [];
  for (let c = 1; c < arg.length; c++) {
    const name = arg[c];
    const flag = name in ALIASES ? lookup(name) : undefined;
    if (!flag) return fail({ message: `"-${name}"${arg.length > 2 ? ` (in "${arg}")` : ''} is not a docker run flag`, fix: 'Remove it from runArgs, or correct its spelling (see docker run --help).' });
    const rest = arg.slice(c + 1).replace(/^=/, '');
    if (!flag.value) {
      if (arg[c + 1] === '=') return ok({ flags: [...flags, { name, value: rest === 'false' || rest === '0' ? 'false' : 'true' }], consumed: 0 });
      flags.push({ name, value: 'true' });
      continue;
    }
    if (rest !== '' || arg[c + 1] === '=') return ok({ flags: [...flags, { name, value: rest }], consumed: 0 });
    const v = needsValue(`-${name}`);
    return v.ok ? ok({ flags: [...flags, { name, value: v.value }], consumed: 1 }) : v;
  }
  return ok({ flags, consumed: 0 });
}

/** `NAME=VALUE`, or a bare `NAME` taking the caller's value (left unset, as docker does, when the caller has none). */
function addEnv(o: RunOptions, v: string, env: NodeJS.ProcessEnv): string | undefined {
  const name = v.split('=')[0];
  if (!name) return `"${v}" is not NAME=VALUE`;
  if (v.includes('=')) o.Env.push(v);
  else o.Env.push(env[name] === undefined ? name : `${name}=${env[name]}`);
  return undefined;
}

/** An --env-file or --label-file: one entry a line, `#` comments and blank lines skipped. */
function readLines(file: string, each: (line: string) => string | undefined): string | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    return `the file ${file} cannot be read`;
  }
  for (const line of content.split(/\r?\n/)) {
    const t = line.trimStart();
    if (!t || t.startsWith('#')) continue;
    const problem = each(t);
    if (problem) return `${file}: ${problem}`;
  }
  return undefined;
}

function addMount(o: RunOptions, mount: Result<Mount>): string | undefined {
  if (!mount.ok) return mount.error.message + (mount.error.fix ? ` (${mount.error.fix})` : '');
  o.HostConfig.Mounts.push(mount.value);
  return undefined;
}

function publish(o: RunOptions, spec: string): string | undefined {
  const p = parsePublish(spec);
  if (!p.ok) return p.error.message;
  const key = `${p.value.containerPort}/${p.value.protocol}`;
  o.ExposedPorts[key] = {};
  o.HostConfig.PortBindings[key] = [...(o.HostConfig.PortBindings[key] ?? []), { HostIp: p.value.hostIp, HostPort: p.value.hostPort }];
  return undefined;
}

/** `--expose 80`, `8000-8010`, `53/udp`. */
function expose(o: RunOptions, spec: string): string | undefined {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/.exec(spec);
  if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) return `"${spec}" is not PORT[-PORT][/PROTOCOL]`;
  for (let port = Number(m[1]); port <= Number(m[2] ?? m[1]); port++) o.ExposedPorts[`${port}/${m[3] ?? 'tcp'}`] = {};
  return undefined;
}

/** `host:ip` (or docker 26's `host=ip`); the address may be IPv6 with its own colons. */
function addHost(o: RunOptions, spec: string): string | undefined {
  const sep = /^[^:=]+[:=]/.exec(spec);
  if (!sep) return `"${spec}" is not HOST:IP`;
  const host = sep[0].slice(0, -1);
  const ip = spec.slice(sep[0].length).replace(/^\[(.*)\]$/, '$1');
  if (!ip) return `"${spec}" is not HOST:IP`;
  pushAt(o, 'HostConfig.ExtraHosts', `${host}:${ip}`);
  return undefined;
}

/** `--network NAME`, or the long form `name=NAME,alias=A,ip=…,ip6=…`. */
function network(o: RunOptions, v: string, ctx: Context): string | undefined {
  if (!v.startsWith('name=')) {
    o.HostConfig.NetworkMode = v;
    return undefined;
  }
  const fields = splitMountFields(v);
  if (!fields.ok) return fields.error.message;
  for (const field of fields.value) {
    const [key, value = ''] = [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)];
    const apply = { name: () => (o.HostConfig.NetworkMode = value), alias: () => FLAGS['network-alias'].apply(o, value, ctx), ip: () => FLAGS.ip.apply(o, value, ctx), ip6: () => FLAGS.ip6.apply(o, value, ctx), 'link-local-ip': () => FLAGS['link-local-ip'].apply(o, value, ctx) }[key];
    if (!apply) return `unknown network option "${key}" (name, alias, ip, ip6, link-local-ip)`;
    apply();
  }
  return undefined;
}

function device(o: RunOptions, spec: string): string | undefined {
  const parts = spec.split(':');
  // HOST:PERMISSIONS is allowed too when the second part reads as permissions.
  const [host, container, perms] = parts.length === 2 && /^[rwm]+$/.test(parts[1]) ? [parts[0], parts[0], parts[1]] : [parts[0], parts[1] || parts[0], parts[2] ?? 'rwm'];
  if (!host || parts.length > 3 || !/^[rwm]+$/.test(perms)) return 'expected HOST_PATH[:CONTAINER_PATH][:PERMISSIONS]';
  pushAt(o, 'HostConfig.Devices', { PathOnHost: host, PathInContainer: container, CgroupPermissions: perms });
  return undefined;
}

function ulimit(o: RunOptions, spec: string): string | undefined {
  const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(spec);
  if (!m) return 'expected NAME=SOFT[:HARD], such as nofile=1024:2048';
  pushAt(o, 'HostConfig.Ulimits', { Name: m[1], Soft: Number(m[2]), Hard: Number(m[3] ?? m[2]) });
  return undefined;
}

/** `no`, `always`, `unless-stopped`, `on-failure[:MAX_RETRIES]`. */
function restart(o: RunOptions, spec: string): string | undefined {
  const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(spec);
  if (!m || (m[2] !== undefined && m[1] !== 'on-failure')) return `"${spec}" is not no, always, unless-stopped or on-failure[:MAX_RETRIES]`;
  o.HostConfig.RestartPolicy = { Name: m[1], ...(m[2] !== undefined ? { MaximumRetryCount: Number(m[2]) } : {}) };
  return undefined;
}

/** `all`, a count, or `count=…,device=…,driver=…,capabilities=…,options=…` (CSV, as docker reads it). */
function gpus(o: RunOptions, spec: string): string | undefined {
  const fields = splitMountFields(spec);
  if (!fields.ok) return fields.error.message;
  const request: NonNullable<EngineHostConfig['DeviceRequests']>[number] = { Driver: '', Count: 0, DeviceIDs: [], Capabilities: [['gpu']], Options: {} };
  for (const [index, field] of fields.value.entries()) {
    const eq = field.indexOf('=');
    const [key, value] = eq < 0 ? ['count', field] : [field.slice(0, eq), field.slice(eq + 1)];
    if (eq < 0 && index > 0) return `"${field}" in "${spec}" is not KEY=VALUE`;
    if (key === 'count') {
      const n = value === 'all' ? -1 : int(value);
      if (n === undefined) return `"${value}" is not a GPU count (a number or all)`;
      request.Count = n;
    } else if (key === 'device') request.DeviceIDs = value.split(',');
    else if (key === 'driver') request.Driver = value;
    else if (key === 'capabilities') request.Capabilities = [[...value.split(','), 'gpu']];
    else if (key === 'options') request.Options = Object.fromEntries(value.split(',').map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]));
    else return `unknown GPU option "${key}" (count, device, driver, capabilities, options)`;
  }
  pushAt(o, 'HostConfig.DeviceRequests', request);
  return undefined;
}

/** The long names of every flag, for tests and messages. */
export const RUN_FLAGS: readonly string[] = Object.keys(FLAGS);
