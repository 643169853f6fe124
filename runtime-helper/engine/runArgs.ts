// `runArgs` are `docker run` flags; Berth talks to the engine API, so each flag is
// translated into create options. A flag Berth does not know is an error, never ignored.
import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, ok, type Result } from '../util/result';
import { parseMountString, parseVolumeFlag } from './mounts';
import { parsePublish } from './ports';

export interface RunOptions {
  Env: string[];
  Labels: Record<string, string>;
  name?: string;
  Hostname?: string;
  User?: string;
  WorkingDir?: string;
  Entrypoint?: string[];
  ExposedPorts: Record<string, object>;
  HostConfig: Docker.HostConfig & { Mounts: Docker.MountSettings[]; PortBindings: Docker.PortMap };
}

function emptyRunOptions(): RunOptions {
  return { Env: [], Labels: {}, ExposedPorts: {}, HostConfig: { Mounts: [], PortBindings: {} } };
}

interface Context {
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

/** Applies one flag's value; returns an error message when the value is wrong. */
type Apply = (o: RunOptions, value: string, ctx: Context) => string | undefined;

const push = <K extends keyof Docker.HostConfig>(key: K): Apply => (o, v) => {
  (o.HostConfig[key] as unknown as string[]) = [...((o.HostConfig[key] as unknown as string[]) ?? []), v];
  return undefined;
};
const bool = (key: 'Privileged' | 'Init'): Apply => (o, v) => {
  o.HostConfig[key] = v !== 'false';
  return undefined;
};
const number = (set: (o: RunOptions, n: number) => void, parse: (v: string) => number | undefined = toInt): Apply => (o, v) => {
  const n = parse(v);
  if (n === undefined) return `"${v}" is not a valid value`;
  set(o, n);
  return undefined;
};

const FLAGS: Record<string, { takesValue: boolean; apply: Apply }> = {
  env: { takesValue: true, apply: (o, v, ctx) => void o.Env.push(v.includes('=') ? v : `${v}=${ctx.env[v] ?? ''}`) },
  'env-file': { takesValue: true, apply: (o, v, ctx) => readEnvFile(o, resolve(ctx.baseDir, v), ctx.env) },
  volume: { takesValue: true, apply: (o, v) => addMount(o, parseVolumeFlag(v)) },
  mount: { takesValue: true, apply: (o, v) => addMount(o, parseMountString(v)) },
  publish: { takesValue: true, apply: (o, v) => publish(o, v) },
  'cap-add': { takesValue: true, apply: push('CapAdd') },
  'cap-drop': { takesValue: true, apply: push('CapDrop') },
  'security-opt': { takesValue: true, apply: push('SecurityOpt') },
  'add-host': { takesValue: true, apply: (o, v) => void (o.HostConfig.ExtraHosts = [...(o.HostConfig.ExtraHosts ?? []), v.replace('=', ':')]) },
  privileged: { takesValue: false, apply: bool('Privileged') },
  init: { takesValue: false, apply: bool('Init') },
  network: { takesValue: true, apply: (o, v) => void (o.HostConfig.NetworkMode = v) },
  name: { takesValue: true, apply: (o, v) => void (o.name = v) },
  label: { takesValue: true, apply: (o, v) => void (o.Labels[v.split('=')[0]] = v.includes('=') ? v.slice(v.indexOf('=') + 1) : '') },
  hostname: { takesValue: true, apply: (o, v) => void (o.Hostname = v) },
  user: { takesValue: true, apply: (o, v) => void (o.User = v) },
  workdir: { takesValue: true, apply: (o, v) => void (o.WorkingDir = v) },
  entrypoint: { takesValue: true, apply: (o, v) => void (o.Entrypoint = v === '' ? [''] : [v]) },
  'shm-size': { takesValue: true, apply: number((o, n) => (o.HostConfig.ShmSize = n), parseBytes) },
  memory: { takesValue: true, apply: number((o, n) => (o.HostConfig.Memory = n), parseBytes) },
  cpus: { takesValue: true, apply: number((o, n) => (o.HostConfig.NanoCpus = Math.round(n * 1e9)), toFloat) },
  'pids-limit': { takesValue: true, apply: number((o, n) => (o.HostConfig.PidsLimit = n)) },
  device: { takesValue: true, apply: (o, v) => device(o, v) },
  ulimit: { takesValue: true, apply: (o, v) => ulimit(o, v) },
};

const ALIASES: Record<string, string> = { e: 'env', v: 'volume', p: 'publish', net: 'network', l: 'label', h: 'hostname', u: 'user', w: 'workdir', m: 'memory' };

export function translateRunArgs(args: string[], options: { baseDir: string; env?: NodeJS.ProcessEnv }): Result<RunOptions> {
  const ctx = { baseDir: options.baseDir, env: options.env ?? process.env };
  const out = emptyRunOptions();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const property = `runArgs.${i}`;
    const parsed = /^--?([a-zA-Z][\w-]*)(?:=(.*))?$/s.exec(arg);
    if (!parsed) return fail({ message: `"${arg}" is not a docker run flag (runArgs holds flags only, not the image or command)`, property });
    const short = !arg.startsWith('--');
    const rawName = parsed[1];
    // `-p8080:80` style: a one-letter flag glued to its value.
    const name = short && rawName.length > 1 && ALIASES[rawName[0]] && parsed[2] === undefined ? rawName[0] : rawName;
    const glued = name !== rawName ? rawName.slice(1) : undefined;
    const flag = ALIASES[name] ?? name;
    const spec = FLAGS[flag];
    if (!spec || (short && !ALIASES[name])) {
      return fail({ message: `unknown or unsupported docker run flag "${arg}"`, property, fix: `Remove it from runArgs, or use the matching devcontainer.json property (see berth up --help).` });
    }
    let value = parsed[2] ?? glued;
    if (spec.takesValue && value === undefined) {
      if (i + 1 >= args.length) return fail({ message: `the flag "${arg}" needs a value`, property });
      value = args[++i];
    }
    const problem = spec.apply(out, value ?? 'true', ctx);
    if (problem) return fail({ message: `${arg}: ${problem}`, property });
  }
  return ok(out);
}

function addMount(o: RunOptions, mount: Result<Docker.MountSettings>): string | undefined {
  if (!mount.ok) return mount.error.message;
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

function readEnvFile(o: RunOptions, file: string, env: NodeJS.ProcessEnv): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return `the env file ${file} cannot be read`;
  }
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t && !t.startsWith('#')) o.Env.push(t.includes('=') ? t : `${t}=${env[t] ?? ''}`);
  }
  return undefined;
}

function device(o: RunOptions, spec: string): string | undefined {
  const [host, container = host, perms = 'rwm'] = spec.split(':');
  if (!host) return 'expected HOST[:CONTAINER[:PERMISSIONS]]';
  o.HostConfig.Devices = [...(o.HostConfig.Devices ?? []), { PathOnHost: host, PathInContainer: container, CgroupPermissions: perms }];
  return undefined;
}

function ulimit(o: RunOptions, spec: string): string | undefined {
  const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(spec);
  if (!m) return 'expected NAME=SOFT[:HARD]';
  o.HostConfig.Ulimits = [...(o.HostConfig.Ulimits ?? []), { Name: m[1], Soft: Number(m[2]), Hard: Number(m[3] ?? m[2]) }];
  return undefined;
}

function toInt(v: string): number | undefined {
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
}

function toFloat(v: string): number | undefined {
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
}

/** `512m`, `2g`, `1024` (bytes), as docker accepts them. */
function parseBytes(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([bkmg]?)b?$/i.exec(v.trim());
  if (!m) return undefined;
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}
