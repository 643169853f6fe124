// Number arguments read strictly: `Number` alone turns `abc` into NaN, which JSON sends as null.
import { InvalidArgumentError } from 'commander';

export function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 1 to 65535.');
  return n;
}

export function lineCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a count of lines is a whole number, 0 or more.');
  return Number(value);
}
