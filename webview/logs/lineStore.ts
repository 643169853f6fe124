// The log viewer's lines, search and filter, kept as flat arrays so a million lines
// stay cheap. No DOM here: it is unit-tested on its own.
import type { LogLine } from '../../runtime-helper/rpc/protocol';

export class LineStore {
  readonly times: string[] = [];
  readonly texts: string[] = [];
  readonly streams: LogLine['stream'][] = [];
  private query = '';
  private lowerQuery = '';
  /** Indices of the lines that match the query, ascending. */
  matches: number[] = [];

  get length(): number {
    return this.texts.length;
  }

  append(lines: LogLine[]): void {
    for (const l of lines) {
      const index = this.texts.length;
      this.times.push(l.time);
      this.texts.push(l.text);
      this.streams.push(l.stream);
      if (this.lowerQuery && this.matchesAt(index)) this.matches.push(index);
    }
  }

  /** Case-insensitive substring search; returns the number of matching lines. */
  search(query: string): number {
    this.query = query;
    this.lowerQuery = query.toLowerCase();
    this.matches = [];
    if (!query) return 0;
    for (let i = 0; i < this.texts.length; i++) if (this.matchesAt(i)) this.matches.push(i);
    return this.matches.length;
  }

  get currentQuery(): string {
    return this.query;
  }

  /** The lines to show: every line, or with `filtered` only the matching ones. */
  visibleCount(filtered: boolean): number {
    return filtered && this.query ? this.matches.length : this.texts.length;
  }

  /** Maps a visible row to a line index. */
  lineAt(row: number, filtered: boolean): number {
    return filtered && this.query ? this.matches[row] : row;
  }

  /** The visible row of a line, for scrolling to a match. */
  rowOf(line: number, filtered: boolean): number {
    if (!(filtered && this.query)) return line;
    let lo = 0;
    let hi = this.matches.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.matches[mid] === line) return mid;
      if (this.matches[mid] < line) lo = mid + 1;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The next (or previous) match after a line, wrapping around. */
  nextMatch(fromLine: number, backwards = false): number | undefined {
    if (!this.matches.length) return undefined;
    if (backwards) {
      for (let i = this.matches.length - 1; i >= 0; i--) if (this.matches[i] < fromLine) return this.matches[i];
      return this.matches[this.matches.length - 1];
    }
    for (const m of this.matches) if (m > fromLine) return m;
    return this.matches[0];
  }

  private matchesAt(i: number): boolean {
    return this.texts[i].toLowerCase().includes(this.lowerQuery);
  }
}

/** Which rows a viewport shows, for fixed-height rows. */
export function visibleWindow(scrollTop: number, viewportHeight: number, rowHeight: number, total: number): { first: number; count: number } {
  const first = Math.max(0, Math.min(total - 1, Math.floor(scrollTop / rowHeight)));
  const count = Math.max(0, Math.min(total - first, Math.ceil(viewportHeight / rowHeight) + 1));
  return { first, count };
}
