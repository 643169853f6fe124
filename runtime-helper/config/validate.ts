// Checks a parsed devcontainer.json against the spec's shapes before anything
// touches the engine: the first error stops, unknown properties become warnings.
import type { BerthError, Result } from '../util/result';
import { fail, ok } from '../util/result';
import type { ParsedJsonc } from './parse';
import { devcontainerShape, UNSUPPORTED, type Shape } from './schema';

export function validateConfig(parsed: ParsedJsonc): Result<{ warnings: BerthError[] }> {
  const { error, warnings } = findProblems(parsed);
  return error ? fail(error) : ok({ warnings });
}

/** The first error (validation stops there) and every warning found on the way to it. */
export function findProblems(parsed: ParsedJsonc): { error?: BerthError; warnings: BerthError[] } {
  const warnings: BerthError[] = [];
  const result = (error: BerthError) => ({ error, warnings });
  const at = (path: string) => ({ file: parsed.file, ...parsed.locate(path), property: path || undefined });
  const config = parsed.value;
  if (!isObject(config)) {
    return result({ message: `the file must hold a JSON object, not ${describe(config)}`, ...at(''), fix: 'Wrap the settings in { … }, e.g. { "image": "…" }' });
  }
  const error = check(config, devcontainerShape, '', (path, message) => warnings.push({ message, ...at(path) }));
  if (error) return result({ ...error, ...at(error.property ?? '') });
  const source = sourceError(config);
  if (source) return result({ ...at(source.property ?? ''), ...source });
  for (const key of Object.keys(UNSUPPORTED).filter((k) => k in config)) warnings.push({ message: UNSUPPORTED[key], ...at(key) });
  return { warnings };
}

/** Exactly one of image, a Dockerfile or a compose file says what runs. */
function sourceError(config: Record<string, unknown>): (Partial<BerthError> & { message: string }) | undefined {
  const build = config.build as { dockerfile?: string } | undefined;
  const dockerfile = build?.dockerfile !== undefined ? 'build.dockerfile' : config.dockerFile !== undefined ? 'dockerFile' : undefined;
  const set = [config.image !== undefined ? 'image' : undefined, dockerfile, config.dockerComposeFile !== undefined ? 'dockerComposeFile' : undefined].filter((s): s is string => s !== undefined);
  if (set.length === 0) {
    return {
      message: 'the config names nothing to run: set exactly one of "image", "build.dockerfile" or "dockerComposeFile"',
      fix: 'Add "image": "mcr.microsoft.com/devcontainers/base:debian" or "build": { "dockerfile": "Dockerfile" }',
    };
  }
  if (set.length > 1) {
    return { message: `${set.map((s) => `"${s}"`).join(' and ')} are all set; keep exactly one`, property: set[1], fix: `Remove "${set[1]}" or "${set[0]}"` };
  }
  if (set[0] === 'dockerComposeFile' && typeof config.service !== 'string') {
    return { message: '"service" is required with "dockerComposeFile": it names the compose service the editor attaches to', property: 'dockerComposeFile', fix: 'Add "service": "<the service in the compose file>"' };
  }
  return undefined;
}

/** Whether a value has a shape; for entries that are dropped, not reported, when wrong (image labels). */
export function conforms(value: unknown, shape: Shape): boolean {
  return check(value, shape, '', () => undefined) === undefined;
}

interface ShapeError {
  message: string;
  property?: string;
  fix?: string;
}

type OnUnknown = (path: string, message: string) => void;

function check(value: unknown, shape: Shape, path: string, unknown: OnUnknown): ShapeError | undefined {
  const child = (key: string | number) => (path ? `${path}.${key}` : String(key));
  const wrong = (expected: string): ShapeError => ({ message: `expected ${expected}, got ${describe(value)}`, property: path, fix: quoteFix(expected, value) });
  switch (shape.kind) {
    case 'any':
      return undefined;
    case 'string':
    case 'boolean':
      return typeof value === shape.kind ? undefined : wrong(`a ${shape.kind}`);
    case 'null':
      return value === null ? undefined : wrong('null');
    case 'number':
      return typeof value === 'number' ? undefined : wrong('a number');
    case 'integer':
      return Number.isInteger(value) ? undefined : wrong('an integer');
    case 'range':
      return Number.isInteger(value) && (value as number) >= shape.min && (value as number) <= shape.max ? undefined : wrong(shape.describe);
    case 'pattern':
      return typeof value === 'string' && shape.re.test(value) ? undefined : wrong(shape.describe);
    case 'enum':
      return typeof value === 'string' && shape.values.includes(value) ? undefined : wrong(`one of ${shape.values.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'array':
      if (!Array.isArray(value)) return wrong('an array');
      return firstError(value.map((v, i) => [child(i), v, shape.items]), unknown);
    case 'record':
      if (!isObject(value)) return wrong('an object');
      return firstError(Object.entries(value).map(([k, v]) => [child(k), v, shape.values]), unknown);
    case 'object': {
      if (!isObject(value)) return wrong('an object');
      const missing = (shape.required ?? []).find((req) => value[req] === undefined);
      if (missing) return { message: `"${missing}" is required here`, property: path };
      const known = Object.entries(value).filter(([k]) => {
        if (shape.props[k] || shape.open) return true;
        unknown(child(k), shape.notes?.[k] ?? 'unknown property; Berth ignores it');
        return false;
      });
      return firstError(known.map(([k, v]) => [child(k), v, shape.props[k] ?? { kind: 'any' }]), unknown);
    }
    case 'oneOf': {
      const errors = shape.options.map((o) => check(value, o, path, () => undefined));
      const match = errors.findIndex((e) => !e);
      // Re-run the matching branch so its unknown-property warnings are kept.
      if (match >= 0) return check(value, shape.options[match], path, unknown);
      // When only one option has the value's JSON type, its error says more than "expected X".
      const sameType = shape.options.map((o, i) => [o, errors[i]] as const).filter(([o]) => jsonType(o) === describeType(value));
      return sameType.length === 1 ? sameType[0][1] : wrong(shape.describe);
    }
  }
}

/** A number or boolean where a string belongs, a string where an array belongs: the common slips, with the mended form. */
function quoteFix(expected: string, value: unknown): string | undefined {
  if (expected.startsWith('a string') && (typeof value === 'number' || typeof value === 'boolean')) return `Quote the value: ${JSON.stringify(String(value))}`;
  if (expected === 'an array' && typeof value === 'string') return `Make it an array: ${arrayOfString(value)}`;
  return undefined;
}

/** The mechanical fix for a string where an array of strings belongs. */
export function arrayOfString(value: string): string {
  return JSON.stringify([value]);
}

function firstError(items: [string, unknown, Shape][], unknown: OnUnknown): ShapeError | undefined {
  for (const [path, value, shape] of items) {
    const e = check(value, shape, path, unknown);
    if (e) return e;
  }
  return undefined;
}

function jsonType(shape: Shape): string {
  switch (shape.kind) {
    case 'enum':
    case 'pattern':
      return 'string';
    case 'integer':
    case 'range':
      return 'number';
    case 'record':
      return 'object';
    default:
      return shape.kind;
  }
}

function describeType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the boolean'} ${String(v)}`;
}
