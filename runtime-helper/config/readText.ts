// Reads a config file as text, refusing what would stall the helper or silently change
// the config: a file over the size limit, something that is not a regular file, and
// bytes that are not UTF-8 (decoding them to U+FFFD would turn a hook name into an
// unknown property, and the hook would silently not run).
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fail, ok, type BerthError, type Result } from '../util/result';
import { lineColumn, stripBom } from './textPosition';

/**
 * Real devcontainer.json files are a few KB. The helper parses configs on the event loop
 * that also carries every forward; at this size the worst-shaped config (a dense array)
 * still parses and validates in a few milliseconds on a normal machine.
 */
export const MAX_CONFIG_BYTES = 64 * 1024;

export function readConfigText(file: string): Result<string> {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO would otherwise wait for a writer, holding up the helper.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return cannotRead(file, err);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return fail({ message: 'not a regular file; a config must be a file', file, fix: 'Point --config at a devcontainer.json file.' });
    if (stat.size > MAX_CONFIG_BYTES) return fail(tooLarge(file, stat.size));
    // One byte more than the limit tells a file that grew since fstat.
    const bytes = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    let n: number;
    do {
      n = readSync(fd, bytes, length, bytes.length - length, null);
      length += n;
    } while (n > 0 && length < bytes.length);
    if (length > MAX_CONFIG_BYTES) return fail(tooLarge(file, length));
    return decodeUtf8(file, bytes.subarray(0, length));
  } catch (err) {
    return cannotRead(file, err);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(file: string, size: number): BerthError {
  return {
    message: `the file is ${size > MAX_CONFIG_BYTES * 16 ? `${(size / 2 ** 20).toFixed(1)} MiB` : `${size} bytes`}, over Berth's limit of ${MAX_CONFIG_BYTES / 1024} KiB for a config`,
    file,
    fix: 'A devcontainer.json is a few KB: move long scripts or data into files in the repository and refer to them from the config.',
  };
}

function cannotRead(file: string, err: unknown): Result<never> {
  return fail({ message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file });
}

/** Strict UTF-8; a byte-order mark stays in the text (the JSONC parser skips it). */
function decodeUtf8(file: string, bytes: Buffer): Result<string> {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return ok(text);
  const bad = firstInvalid(text, bytes);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return fail({
    message: `the file is not valid UTF-8: byte 0x${bytes[bad.byte].toString(16).padStart(2, '0')} at byte offset ${bad.byte} does not begin a valid UTF-8 character`,
    file,
    ...lineColumn(stripBom(text))(bad.offset - bom),
    fix: 'Save the file as UTF-8 (in VS Code: the encoding in the status bar, then "Save with Encoding", "UTF-8") and retype the characters at that position.',
  });
}

/**
 * Where the first invalid sequence is: the lenient decoding turned it into U+FFFD, so the first
 * U+FFFD that the bytes do not spell out (EF BF BD) is it. Returns its text offset and byte offset.
 */
function firstInvalid(text: string, bytes: Buffer): { offset: number; byte: number } {
  let byte = 0;
  for (let offset = 0; offset < text.length; offset++) {
    const c = text.codePointAt(offset)!;
    if (c === 0xfffd && !(bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd)) return { offset, byte };
    if (c > 0xffff) offset++; // a surrogate pair: two UTF-16 units, one character
    byte += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return { offset: text.length, byte: bytes.length - 1 };
}
