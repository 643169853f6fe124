// The spec's migration as a text edit: top-level extensions, settings and devPort moved under
// customizations.vscode, merged the way `up` reads them (liftLegacyKeys), the rest of the
// file (comments included) left as the user wrote it.
import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import { liftLegacyKeys } from './legacy';
import { LEGACY_VSCODE_KEYS } from './schema';
import { lineColumn, type Position } from './textPosition';
import type { DevContainerConfig } from './types';
import { isObject } from './validate';

export interface TextEdit {
  start: Position;
  end: Position;
  newText: string;
}

/** One edit over the changed part of `text`, or undefined when there is nothing to move (or nowhere to move it). */
export function moveLegacyKeys(text: string, config: unknown): TextEdit | undefined {
  if (!isObject(config)) return undefined;
  const lifted = liftLegacyKeys(config as DevContainerConfig);
  if (lifted === config) return undefined;
  const formatting = formattingOf(text);
  let moved = text;
  // Removed only where liftLegacyKeys moved them (a devPort both places keeps its own).
  for (const key of LEGACY_VSCODE_KEYS.filter((k) => k in config && !(k in lifted))) moved = applyEdits(moved, modify(moved, [key], undefined, { formattingOptions: formatting }));
  moved = applyEdits(moved, modify(moved, ['customizations', 'vscode'], lifted.customizations?.vscode, { formattingOptions: formatting }));
  return changedPart(text, moved);
}

/** The indentation the file already uses, so the moved keys look like the rest. */
function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 4 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** The smallest single replacement that turns `before` into `after`: the editor keeps the cursor and undo stays one step. */
function changedPart(before: string, after: string): TextEdit {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const position = lineColumn(before);
  return { start: position(head), end: position(before.length - tail), newText: after.slice(head, after.length - tail) };
}
