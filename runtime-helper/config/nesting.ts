// The nesting limit. The JSONC parser, validation, substitution and the metadata merge
// each recurse once per level, so a config (or an image label) nested thousands deep
// would overflow the stack; real configs nest a few levels.
import { createScanner, SyntaxKind } from 'jsonc-parser';

export const MAX_NESTING = 64;

/** The offset of the first `{` or `[` past the limit, found without recursing; undefined when within it. */
export function tooDeepAt(text: string): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_NESTING) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      depth--;
    }
  }
  return undefined;
}

/** Whether a parsed value nests deeper than the limit, checked without recursing. */
export function tooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_NESTING) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
