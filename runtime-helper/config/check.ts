// Checks a devcontainer.json's text as an editor holds it (saved or not), with the same
// parser and validator `up` uses, so the Problems panel and the CLI never disagree.
import type { ConfigDiagnostic } from '../rpc/protocol';
import type { BerthError } from '../util/result';
import { moveLegacyKeys } from './moveLegacyKeys';
import { parseJsonc, type ParsedJsonc } from './parse';
import { LEGACY_VSCODE_KEYS } from './schema';
import { stripBom } from './textPosition';
import { arrayOfString, findProblems } from './validate';

export function checkConfigText(file: string, text: string): ConfigDiagnostic[] {
  const parsed = parseJsonc(file, text);
  if (!parsed.ok) return [diagnostic('error', parsed.error)];
  const { error, warnings } = findProblems(parsed.value);
  const legacyFix = legacyQuickFix(stripBom(text), parsed.value);
  return [
    ...(error ? [withQuickFix(diagnostic('error', error, parsed.value), parsed.value)] : []),
    ...warnings.map((w) => diagnostic('warning', w, parsed.value)).map((d) => (legacyFix && isLegacyKey(d.property) ? { ...d, quickFix: legacyFix } : d)),
  ];
}

/** One fix for every legacy key: they move together, as the spec's migration moves them. */
function legacyQuickFix(text: string, parsed: ParsedJsonc): ConfigDiagnostic['quickFix'] {
  const edit = moveLegacyKeys(text, parsed.value);
  return edit && { title: 'Move the legacy VS Code properties under customizations.vscode', ...edit };
}

function isLegacyKey(property: string | undefined): boolean {
  return (LEGACY_VSCODE_KEYS as readonly (string | undefined)[]).includes(property);
}

function diagnostic(severity: ConfigDiagnostic['severity'], e: BerthError, parsed?: ParsedJsonc): ConfigDiagnostic {
  const span = e.property !== undefined ? parsed?.span(e.property) : undefined;
  const start = span?.start ?? { line: e.line ?? 1, column: e.column ?? 1 };
  return { severity, message: e.message, property: e.property, fix: e.fix, start, end: span?.end };
}

/** A string where an array of strings belongs is mended by wrapping it. */
function withQuickFix(d: ConfigDiagnostic, parsed: ParsedJsonc): ConfigDiagnostic {
  if (d.property === undefined || !d.fix?.startsWith('Make it an array')) return d;
  const value = valueAt(parsed.value, d.property);
  const span = parsed.span(d.property);
  if (typeof value !== 'string' || !span) return d;
  return { ...d, quickFix: { title: `Make "${d.property}" an array`, ...span.value, newText: arrayOfString(value) } };
}

function valueAt(root: unknown, path: string): unknown {
  // Top-level and nested plain keys are enough here: array-typed properties have plain names.
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
}
