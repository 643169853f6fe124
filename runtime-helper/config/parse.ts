// Reads a JSONC file (comments, trailing commas, a byte-order mark) and keeps its
// parse tree, so any property can be traced back to its line and column.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../util/result';

export interface ParsedJsonc {
  file: string;
  value: unknown;
  /** 1-based position of a property given as a dotted path (`runArgs.3`, `build.dockerfile`). */
  locate(path: string): Position | undefined;
  /** The text a property covers, key through value (end exclusive), and its value alone. */
  span(path: string): { start: Position; end: Position; value: { start: Position; end: Position } } | undefined;
}

export interface Position {
  line: number;
  column: number;
}

const PLAIN: Record<string, string> = {
  CommaExpected: 'missing comma',
  ColonExpected: 'missing colon after the property name',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  CloseBraceExpected: 'missing closing brace }',
  CloseBracketExpected: 'missing closing bracket ]',
  EndOfFileExpected: 'unexpected text after the end of the object',
  InvalidSymbol: 'unexpected character',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfNumber: 'unterminated number',
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
    const e = errors[0] as ParseError | undefined;
    const code = e ? printParseErrorCode(e.error) : 'ValueExpected';
    const offset = e?.offset ?? 0;
    // Running out of text is the usual cause of a missing brace; say so plainly.
    const eof = offset >= text.length ? 'unexpected end of file, ' : '';
    return fail({ message: `syntax error: ${eof}${PLAIN[code] ?? code}`, file, ...position(offset), fix: 'Fix the JSON at that position (comments and trailing commas are allowed).' });
  }
  const value = nodeValue(root);
  const locate = (path: string) => {
    const node = findPath(root, path);
    // A property's position is that of its key, which is what a reader looks for.
    const target = node?.parent?.type === 'property' ? node.parent : node;
    return target ? position(target.offset) : undefined;
  };
  const span = (path: string) => {
    const node = findPath(root, path);
    if (!node) return undefined;
    const whole = node.parent?.type === 'property' ? node.parent : node;
    return {
      start: position(whole.offset),
      end: position(whole.offset + whole.length),
      value: { start: position(node.offset), end: position(node.offset + node.length) },
    };
  };
  return ok({ file, value, locate, span });
}

/**
 * Walks a dotted path. Keys may hold dots themselves (feature ids, "127.0.0.1:3000"),
 * so at an object the longest key that prefixes the rest of the path wins;
 * a number is an index only inside an array ("portsAttributes.3000" is a key).
 */
function findPath(root: Node, path: string): Node | undefined {
  let node: Node | undefined = root;
  let rest = path;
  while (node && rest !== '') {
    let head: string;
    if (node.type === 'array') {
      head = rest.split('.')[0];
      node = node.children?.[Number(head)];
    } else if (node.type === 'object') {
      const keys: string[] = (node.children ?? []).map((p) => String(p.children?.[0]?.value)).filter((k) => rest === k || rest.startsWith(`${k}.`));
      head = keys.sort((x, y) => y.length - x.length)[0] ?? rest;
      node = node.children?.find((p) => p.children?.[0]?.value === head)?.children?.[1];
    } else {
      return undefined;
    }
    rest = rest.slice(head.length + 1);
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
function lineColumn(text: string): (offset: number) => Position {
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
