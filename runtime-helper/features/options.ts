// A feature's options: checked against what the feature declares, then turned into the
// environment its install.sh reads, by the spec's naming rule.
import { fail, ok, type Result } from '../util/result';
import type { FeatureMetadata } from './types';

export type OptionValues = Record<string, string | boolean>;

/**
 * The values install.sh sees: every declared default, overridden by the config's value.
 * A bare string means the `version` option (when the feature has one), as the CLI reads it.
 */
export function optionValues(value: unknown, meta: FeatureMetadata): Result<OptionValues> {
  const declared = meta.options ?? {};
  const defaults: OptionValues = {};
  for (const [name, o] of Object.entries(declared)) if (o.default !== undefined) defaults[name] = o.default;
  let given: Record<string, unknown>;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) given = value as Record<string, unknown>;
  else if ((typeof value === 'string' || typeof value === 'boolean') && declared.version) given = { version: value };
  else given = {};
  const out = { ...defaults };
  for (const [name, v] of Object.entries(given)) {
    const option = declared[name];
    if (!option) {
      const known = Object.keys(declared);
      return fail({ message: `the feature "${meta.id}" has no option "${name}"`, fix: known.length ? `Its options are: ${known.join(', ')}.` : 'It takes no options: remove them.' });
    }
    const checked = checkValue(meta.id, name, option, v);
    if (!checked.ok) return checked;
    out[name] = checked.value;
  }
  return ok(out);
}

function checkValue(feature: string, name: string, option: NonNullable<FeatureMetadata['options']>[string], v: unknown): Result<string | boolean> {
  const where = `the option "${name}" of the feature "${feature}"`;
  if (option.type === 'boolean') {
    // "true" and "false" reach install.sh exactly as true and false do.
    if (typeof v === 'boolean') return ok(v);
    if (v === 'true' || v === 'false') return ok(v === 'true');
    return fail({ message: `${where} is a boolean, not ${JSON.stringify(v)}`, fix: 'Write true or false.' });
  }
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return fail({ message: `${where} is a string, not ${JSON.stringify(v)}`, fix: 'Write a string value.' });
  const s = String(v);
  if (option.enum && !option.enum.includes(s)) return fail({ message: `${where} must be one of ${option.enum.map((e) => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(s)}` });
  return ok(s);
}

/** `enable-x.y` → `ENABLE_X_Y`; a leading digit or underscore run becomes one underscore. */
export function optionEnvName(name: string): string {
  return name.replace(/[^\w_]/g, '_').replace(/^[\d_]+/g, '_').toUpperCase();
}

export function optionEnv(values: OptionValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [optionEnvName(k), String(v)]));
}
