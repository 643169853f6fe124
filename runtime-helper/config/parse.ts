// Reads a JSONC file (comments, trailing commas, a byte-order mark) and keeps its
// parse tree, so any property can be traced back to its line and column.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../util/result';

export interface ParsedJsonc {
  file: string;
  value: unknown;
  /** 1-based position of a property given as a dotted path (`runArgs.3`, `build.dockerfile`). */
  locate(path: string): { line: number; column: number } | undefined;
}

const FRIENDLY: Record<string, string> = {
  CommaExpected: 'a comma is missing',
  ColonExpected: 'a colon is missing',
  PropertyNameExpected: 'a property name is expected',
  ValueExpected: 'a value is expected',
  CloseBraceExpected: 'a closing brace } is missing',
  CloseBracketExpected: 'a closing bracket ] is missing',
  EndOfFileExpected: 'unexpected text after the end of the object',
  InvalidSymbol: 'unexpected character',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfComment: 'a comment is not closed',
  InvalidEscapeCharacter: 'invalid escape sequence in a string',
  InvalidUnicode: 'invalid unicode escape in a string',
  InvalidNumberFormat: 'invalid number',
  InvalidCharacter: 'invalid character in a string',
};

export function readJsonc(file: string): Result<ParsedJsonc> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fail({ message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file });
  }
  return parseJsonc(file, text);
}

export function parseJsonc(file: string, raw: string): Result<ParsedJsonc> {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  // Positions count from after the byte-order mark, as editors show them.
  const position = lineColumn(text);
  if (!text.trim()) {
    return fail({ message: 'the file is empty; it must hold a JSON object', file, line: 1, column: 1, fix: 'Add at least { "image": "…" } or run Berth: Add Dev Container Configuration Files…' });
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    const at = position(e?.offset ?? 0);
    const code = e ? printParseErrorCode(e.error) : 'ValueExpected';
    return fail({ message: `syntax error: ${FRIENDLY[code] ?? code}`, file, ...at, fix: 'Fix the JSON at that position (comments and trailing commas are allowed).' });
  }
  const value = nodeValue(root);
  const locate = (path: string) => {
    const node = findPath(root, path === '' ? [] : path.split('.'));
    // A property's position is that of its key, which is what a reader looks for.
    const target = node?.parent?.type === 'property' ? node.parent : node;
    return target ? position(target.offset) : undefined;
  };
  return ok({ file, value, locate });
}

/** Walks a dotted path; a number is an index only inside an array ("portsAttributes.3000" is a key). */
function findPath(root: Node, segments: string[]): Node | undefined {
  let node: Node | undefined = root;
  for (const seg of segments) {
    if (!node) return undefined;
    if (node.type === 'array') node = node.children?.[Number(seg)];
    else if (node.type === 'object') node = node.children?.find((p) => p.children?.[0]?.value === seg)?.children?.[1];
    else return undefined;
  }
  return node;
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value as string, p.children![1] ? nodeValue(p.children![1]) : undefined]));
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/** Maps an offset to a 1-based line and column. */
function lineColumn(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}
