// Mount syntaxes a devcontainer.json or runArgs can use, turned into engine mounts.
// Berth hands the engine structured mounts; a string is only ever what a user wrote,
// read the way `docker run --mount` reads it (one CSV record of key=value fields).
import { isAbsolute } from 'node:path';
import type { MountObject } from './types';
import { fail, ok, type Result } from '../util/result';

/** An engine mount, as the create request and `docker run --mount` carry it. */
export interface Mount {
  Type: 'bind' | 'volume' | 'tmpfs' | 'image';
  Source: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean; CreateMountpoint?: boolean; ReadOnlyNonRecursive?: boolean; ReadOnlyForceRecursive?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> }; Subpath?: string };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number; Options?: string[][] };
  ImageOptions?: { Subpath?: string };
}

/**
 * Splits one CSV record as Go's encoding/csv does (docker's --mount parser): a field that
 * starts with `"` is quoted, may hold commas and newlines, and writes a quote as `""`.
 */
export function splitMountFields(spec: string): Result<string[]> {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (spec[i] === '"') {
      i++;
      for (;;) {
        if (i >= spec.length) return fail({ message: `unterminated quoted field in "${spec}"`, fix: 'Close the field with a double quote.' });
        if (spec[i] === '"') {
          if (spec[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += spec[i++];
      }
      if (i < spec.length && spec[i] !== ',') return fail({ message: `a quoted field must end at a comma in "${spec}" (position ${i + 1})`, fix: 'Quote the whole field: "source=/a,b", and write a quote inside it as "".' });
    } else {
      const end = spec.indexOf(',', i);
      field = spec.slice(i, end < 0 ? spec.length : end);
      if (field.includes('"')) return fail({ message: `a bare " in an unquoted field of "${spec}"`, fix: 'Quote the whole field and double the quote inside it: "source=/a""b".' });
      if (/[\r\n]/.test(field)) return fail({ message: `a line break in an unquoted field of "${spec}"`, fix: 'Quote the field that holds it.' });
      i += field.length;
    }
    fields.push(field);
    if (i >= spec.length) return ok(fields);
    i++; // the comma
  }
}

/** One CSV field, quoted only when it has to be (as the devcontainer CLI writes its mounts). */
export function quoteMountField(field: string): string {
  return /[",\r\n]/.test(field) || field.startsWith(' ') ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The `--mount` string of a mount, fields quoted so that parsing it gives the same mount back. */
export function formatMount(m: Mount): string {
  const fields = [`type=${m.Type}`, ...(m.Source ? [`source=${m.Source}`] : []), `target=${m.Target}`, ...(m.ReadOnly ? ['readonly'] : [])];
  return fields.map(quoteMountField).join(',');
}

/**
 * A user's mount string with `${…}` variables: the fields are split first and each one
 * substituted after, so a substituted path with a comma, quote or `=` stays one value.
 */
export function substituteMountFields(spec: string, substitute: (s: string) => string): Result<string> {
  const fields = splitMountFields(spec);
  if (!fields.ok) return fields;
  return ok(fields.value.map((f) => quoteMountField(substitute(f))).join(','));
}

const BOOLEAN: Record<string, boolean> = { '1': true, t: true, T: true, TRUE: true, true: true, True: true, '0': false, f: false, F: false, FALSE: false, false: false, False: false };

/** `type=bind,source=/a,target=/b,readonly`: the --mount syntax, with docker's keys and checks. */
export function parseMountString(spec: string): Result<Mount> {
  const fields = splitMountFields(spec);
  if (!fields.ok) return fields;
  const mount: Mount = { Type: 'volume', Source: '', Target: '' };
  const bool = (key: string, value: string): Result<boolean> => (value in BOOLEAN ? ok(BOOLEAN[value]) : fail({ message: `invalid value for ${key}: "${value}" in "${spec}" (true or false)` }));
  const volume = () => (mount.VolumeOptions ??= {} as NonNullable<Mount['VolumeOptions']>);
  const driver = () => (volume().DriverConfig ??= { Name: '', Options: {} });
  for (const field of fields.value) {
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    if (value === undefined && !['readonly', 'ro', 'volume-nocopy', 'bind-nonrecursive'].includes(key)) {
      return fail({ message: `the field "${field}" of "${spec}" is not a key=value pair` });
    }
    const flag = value === undefined ? ok(true) : bool(key, value);
    switch (key) {
      case 'type':
        mount.Type = value!.toLowerCase() as Mount['Type'];
        if (!['bind', 'volume', 'tmpfs', 'npipe'].includes(mount.Type)) return fail({ message: `mount type "${value}" is not one of bind, volume, tmpfs in "${spec}"` });
        break;
      case 'source':
      case 'src':
        mount.Source = value!;
        break;
      case 'target':
      case 'destination':
      case 'dst':
        mount.Target = value!;
        break;
      case 'readonly':
      case 'ro':
        if (!flag.ok) return flag;
        mount.ReadOnly = flag.value;
        break;
      case 'consistency':
        mount.Consistency = value!.toLowerCase() as Mount['Consistency'];
        break;
      case 'bind-propagation':
        mount.BindOptions = { ...mount.BindOptions, Propagation: value!.toLowerCase() as string };
        break;
      case 'bind-nonrecursive':
        if (!flag.ok) return flag;
        mount.BindOptions = { ...mount.BindOptions, NonRecursive: flag.value } as Mount['BindOptions'];
        break;
      case 'volume-nocopy':
        if (!flag.ok) return flag;
        volume().NoCopy = flag.value;
        break;
      case 'volume-label':
        volume().Labels = { ...volume().Labels, ...keyValue(value!) };
        break;
      case 'volume-driver':
        driver().Name = value!;
        break;
      case 'volume-opt':
        driver().Options = { ...driver().Options, ...keyValue(value!) };
        break;
      case 'volume-subpath':
        volume().Subpath = value!;
        break;
      case 'tmpfs-size': {
        const size = parseBytes(value!);
        if (size === undefined) return fail({ message: `invalid value for tmpfs-size: "${value}" in "${spec}" (a size such as 64m)` });
        mount.TmpfsOptions = { ...mount.TmpfsOptions!, SizeBytes: size };
        break;
      }
      case 'tmpfs-mode':
        if (!/^[0-7]+$/.test(value!)) return fail({ message: `invalid value for tmpfs-mode: "${value}" in "${spec}" (octal, such as 1777)` });
        mount.TmpfsOptions = { ...mount.TmpfsOptions!, Mode: parseInt(value!, 8) };
        break;
      default:
        return fail({ message: `unknown mount option "${key}" in "${spec}"`, fix: 'Use the keys of docker run --mount: type, source, target, readonly, bind-propagation, volume-*, tmpfs-size, tmpfs-mode.' });
    }
  }
  if (!mount.Target) return fail({ message: `the mount "${spec}" has no target` });
  if (mount.Type === 'bind' && !mount.Source) return fail({ message: `the bind mount "${spec}" has no source` });
  for (const [options, type] of [[mount.VolumeOptions, 'volume'], [mount.BindOptions, 'bind'], [mount.TmpfsOptions, 'tmpfs']] as const) {
    if (options && mount.Type !== type) return fail({ message: `"${spec}" mixes ${type}-* options with a ${mount.Type} mount` });
  }
  return ok(mount);
}

export function mountFromObject(m: MountObject): Result<Mount> {
  if (m.type === 'bind' && !m.source) return fail({ message: `the bind mount on ${m.target} has no source` });
  return ok({ Type: m.type, Source: m.source ?? '', Target: m.target, ReadOnly: m.readonly });
}

export function toMount(m: string | MountObject): Result<Mount> {
  return typeof m === 'string' ? parseMountString(m) : mountFromObject(m);
}

/** `-v src:dst[:ro]`: an absolute source is a bind mount, a name is a volume. */
export function parseVolumeFlag(spec: string): Result<Mount> {
  const parts = spec.split(':');
  if (parts.length === 1) return ok({ Type: 'volume', Source: '', Target: parts[0] });
  const [source, target, options = ''] = parts;
  if (!target || parts.length > 3) {
    return fail({ message: `"${spec}" is not SOURCE:TARGET[:OPTIONS]; a path with ":" cannot be written with -v`, fix: 'Use --mount type=bind,source=PATH,target=PATH, quoting a field that holds a comma.' });
  }
  return ok({ Type: isAbsolute(source) ? 'bind' : 'volume', Source: source, Target: target, ReadOnly: options.split(',').includes('ro') });
}

/** `k=v` for volume-label and volume-opt; a field without a key is dropped, as docker does. */
function keyValue(field: string): Record<string, string> {
  const eq = field.indexOf('=');
  const key = eq < 0 ? field : field.slice(0, eq);
  return key ? { [key]: eq < 0 ? '' : field.slice(eq + 1) } : {};
}

/** `512m`, `2g`, `1.5GiB`, `1024` (bytes): docker's RAMInBytes, binary units. */
export function parseBytes(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?) ?([kmgtp]?)i?b?$/i.exec(v);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * 1024 ** ' kmgtp'.indexOf(m[2].toLowerCase() || ' '));
}

/**
 * runArgs with `${…}` variables substituted; a --mount value field by field (see
 * substituteMountFields), so a substituted path stays one value of one field.
 */
export function substituteRunArgs(args: string[], substitute: (s: string) => string): Result<string[]> {
  const out: string[] = [];
  for (const [i, arg] of args.entries()) {
    const inline = arg.startsWith('--mount=');
    if (!inline && args[i - 1] !== '--mount') {
      out.push(substitute(arg));
      continue;
    }
    const value = substituteMountFields(inline ? arg.slice('--mount='.length) : arg, substitute);
    if (!value.ok) return fail({ ...value.error, property: `runArgs.${i}` });
    out.push(inline ? `--mount=${value.value}` : value.value);
  }
  return ok(out);
}
