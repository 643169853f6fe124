// Build streams captured from a real engine's BuildKit (test/fixtures/buildkit/README.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTrace, type TraceMessage } from '../../runtime-helper/engine/buildkitTrace';

export const BUILDKIT_FIXTURES = join(__dirname, '../fixtures/buildkit');

/** The decoded trace messages of a captured build stream, in order. */
export function capturedTraces(name: string): TraceMessage[] {
  return readFileSync(join(BUILDKIT_FIXTURES, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((m) => m.id === 'moby.buildkit.trace')
    .map((m) => {
      const trace = decodeTrace(m.aux);
      assert.ok(trace, `undecodable: ${m.aux}`);
      return trace;
    });
}

