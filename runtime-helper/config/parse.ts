// Reads a JSONC file (comments, trailing commas, a byte-order mark) and keeps its
// parse tree, so any property can be traced back to its line and column.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { fail, ok, type Result } from '../util/result';
import { MAX_NESTING, tooDeepAt } from './nesting';
import { readConfigText } from './readText';
import { lineColumn, stripBom, type Position } from './textPosition';

export interface ParsedJsonc {
  file: string;
  value: unknown;
  /** 1-based position of a property given as a dotted path (`runArgs.3`, `build.dockerfile`). */
  locate(path: string): Position | undefined;
  /** The text a property covers, key through value (end exclusive), and its value alone. */
  span(path: string): { start: Position; end: Position; value: { start: Position; end: Position } } | undefined;
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
  const text = readConfigText(file);
  return text.ok ? parseJsonc(file, text.value) : text;
}

export function parseJsonc(file: string, raw: string): Result<ParsedJsonc> {
  const text = stripBom(raw);
  const position = lineColumn(text);
  if (!text.trim()) {
    return fail({ message: 'the file is empty; it must hold a JSON object', file, line: 1, column: 1, fix: 'Add at least { "image": "…" } or run Berth: Add Dev Container Configuration Files…' });
  }
  // Checked before the parser, which recurses once per level.
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    return fail({ message: `the JSON is nested more than ${MAX_NESTING} levels deep here`, file, ...position(deep), fix: `Flatten the value at that position: Berth reads configs nested up to ${MAX_NESTING} levels.` });
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
  const index = objectIndex();
  const locate = (path: string) => {
    const node = findPath(root, path, index);
    // A property's position is that of its key, which is what a reader looks for.
    const target = node?.parent?.type === 'property' ? node.parent : node;
    return target ? position(target.offset) : undefined;
  };
  const span = (path: string) => {
    const node = findPath(root, path, index);
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
function findPath(root: Node, path: string, index: (object: Node) => Map<string, Node>): Node | undefined {
  let node: Node | undefined = root;
  let rest = path;
  while (node && rest !== '') {
    let head: string;
    if (node.type === 'array') {
      head = rest.split('.')[0];
      node = node.children?.[Number(head)];
    } else if (node.type === 'object') {
      const properties = index(node);
      head = keyPrefixes(rest).find((k) => properties.has(k)) ?? rest;
      node = properties.get(head);
    } else {
      return undefined;
    }
    rest = rest.slice(head.length + 1);
  }
  return node;
}

/** `a.b.c`, `a.b`, `a`: the candidate keys at the start of a path, longest first. */
function keyPrefixes(path: string): string[] {
  const prefixes = [path];
  for (let dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) prefixes.push(path.slice(0, dot));
  return prefixes;
}

/**
 * Each object's values by key, built once per object on first use: every warning locates its
 * property, so a scan of the children per look-up would make a config of many keys quadratic.
 * A repeated key points at its last occurrence, the one whose value counts.
 */
function objectIndex(): (object: Node) => Map<string, Node> {
  const cache = new Map<Node, Map<string, Node>>();
  return (object) => {
    let properties = cache.get(object);
    if (!properties) {
      properties = new Map();
      for (const p of object.children ?? []) if (p.children?.[1]) properties.set(String(p.children[0].value), p.children[1]);
      cache.set(object, properties);
    }
    return properties;
  };
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
