// Checks a parsed devcontainer.json against the spec's shapes before anything
// touches the engine: the first error stops, unknown properties become warnings.
import type { BerthError, Result } from '../util/result';
import { fail, ok } from '../util/result';
import type { ParsedJsonc } from './parse';
import { devcontainerShape, type Shape } from './schema';

export function validateConfig(parsed: ParsedJsonc): Result<{ warnings: BerthError[] }> {
  const warnings: BerthError[] = [];
  const at = (path: string) => ({ file: parsed.file, ...parsed.locate(path), property: path || undefined });
  if (!isObject(parsed.value)) {
    return fail({ message: `the file must hold a JSON object, not ${describe(parsed.value)}`, ...at('') });
  }
  const error = check(parsed.value, devcontainerShape, '', (path) => warnings.push({ message: 'unknown property; Berth ignores it', ...at(path) }));
  if (error) return fail({ ...error, ...at(error.property ?? '') });
  const source = sourceError(parsed.value);
  if (source) return fail({ ...at(''), ...source });
  return ok({ warnings });
}

function sourceError(config: Record<string, unknown>): Partial<BerthError> & { message: string } | undefined {
  const build = config.build as { dockerfile?: string } | undefined;
  const sources = [config.image !== undefined, build?.dockerfile !== undefined || config.dockerFile !== undefined, config.dockerComposeFile !== undefined].filter(Boolean).length;
  if (sources === 0) {
    return { message: 'the config names no image: set "image", "build.dockerfile" or "dockerComposeFile"', fix: 'Add "image": "mcr.microsoft.com/devcontainers/base:debian" or "build": { "dockerfile": "Dockerfile" }' };
  }
  if (config.image !== undefined && (build?.dockerfile !== undefined || config.dockerFile !== undefined)) {
    return { message: '"image" and "build.dockerfile" are both set; keep one', property: 'image' };
  }
  if (config.dockerComposeFile !== undefined && config.service === undefined) {
    return { message: '"dockerComposeFile" needs "service", the service to attach to', property: 'dockerComposeFile' };
  }
  return undefined;
}

interface ShapeError {
  message: string;
  property?: string;
  fix?: string;
}

function check(value: unknown, shape: Shape, path: string, unknown: (path: string) => void): ShapeError | undefined {
  const child = (key: string | number) => (path ? `${path}.${key}` : String(key));
  const wrong = (expected: string): ShapeError => ({ message: `expected ${expected}, got ${describe(value)}`, property: path });
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
    case 'enum':
      return typeof value === 'string' && shape.values.includes(value) ? undefined : wrong(`one of ${shape.values.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'array': {
      if (!Array.isArray(value)) return wrong('an array');
      for (let i = 0; i < value.length; i++) {
        const e = check(value[i], shape.items, child(i), unknown);
        if (e) return e;
      }
      return undefined;
    }
    case 'record': {
      if (!isObject(value)) return wrong('an object');
      for (const [k, v] of Object.entries(value)) {
        const e = check(v, shape.values, child(k), unknown);
        if (e) return e;
      }
      return undefined;
    }
    case 'object': {
      if (!isObject(value)) return wrong('an object');
      for (const req of shape.required ?? []) {
        if (value[req] === undefined) return { message: `"${req}" is required here`, property: path };
      }
      for (const [k, v] of Object.entries(value)) {
        const inner = shape.props[k];
        if (!inner) {
          if (!shape.open) unknown(child(k));
          continue;
        }
        const e = check(v, inner, child(k), unknown);
        if (e) return e;
      }
      return undefined;
    }
    case 'oneOf': {
      const errors = shape.options.map((o) => check(value, o, path, () => undefined));
      if (errors.some((e) => !e)) {
        // Re-run the matching branch so its unknown-property warnings are kept.
        return check(value, shape.options[errors.findIndex((e) => !e)], path, unknown);
      }
      // When only one option has the value's JSON type, its error says more than "expected X".
      const sameType = shape.options.map((o, i) => [o, errors[i]] as const).filter(([o]) => jsonType(o) === describeType(value));
      return sameType.length === 1 ? sameType[0][1] : wrong(shape.describe);
    }
  }
}

function jsonType(shape: Shape): string {
  switch (shape.kind) {
    case 'enum':
      return 'string';
    case 'integer':
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the boolean'} ${String(v)}`;
}
