// Mount syntaxes a devcontainer.json or runArgs can use, turned into engine mounts.
import type Docker from 'dockerode';
import { isAbsolute } from 'node:path';
import type { MountObject } from '../config/types';
import { fail, ok, type Result } from '../util/result';

type Mount = Docker.MountSettings;

/** `type=bind,source=/a,target=/b,readonly` (the --mount syntax). */
export function parseMountString(spec: string): Result<Mount> {
  const mount: Partial<Mount> = { Type: 'volume' };
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : part.slice(eq + 1);
    switch (key) {
      case 'type':
        if (!['bind', 'volume', 'tmpfs'].includes(value)) return fail({ message: `mount type "${value}" is not one of bind, volume, tmpfs in "${spec}"` });
        mount.Type = value as Mount['Type'];
        break;
      case 'source':
      case 'src':
        mount.Source = value;
        break;
      case 'target':
      case 'destination':
      case 'dst':
        mount.Target = value;
        break;
      case 'readonly':
      case 'ro':
        mount.ReadOnly = value === '' || value === 'true' || value === '1';
        break;
      case 'consistency':
        break; // macOS-only hint; the engine here has no use for it.
      case 'volume-nocopy':
        mount.VolumeOptions = { ...mount.VolumeOptions, NoCopy: value !== 'false' } as Mount['VolumeOptions'];
        break;
      case 'bind-propagation':
        mount.BindOptions = { Propagation: value as Docker.MountPropagation };
        break;
      case 'tmpfs-size':
        mount.TmpfsOptions = { SizeBytes: Number(value), Mode: 0o1777 };
        break;
      default:
        return fail({ message: `unknown mount option "${key}" in "${spec}"` });
    }
  }
  if (!mount.Target) return fail({ message: `the mount "${spec}" has no target` });
  if (mount.Type === 'bind' && !mount.Source) return fail({ message: `the bind mount "${spec}" has no source` });
  return ok(mount as Mount);
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
  if (!target || parts.length > 3) return fail({ message: `"${spec}" is not SOURCE:TARGET[:OPTIONS]` });
  return ok({ Type: isAbsolute(source) ? 'bind' : 'volume', Source: source, Target: target, ReadOnly: options.split(',').includes('ro') });
}
