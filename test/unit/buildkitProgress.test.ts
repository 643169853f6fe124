// BuildKit's trace, as captured from a real engine, turned into the build progress the UI shows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BuildkitProgress } from '../../runtime-helper/engine/buildkitProgress';
import type { ProgressEvent } from '../../runtime-helper/util/progress';
import { capturedTraces } from '../support/buildkitFixtures';

function replay(name: string) {
  const events: ProgressEvent[] = [];
  const progress = new BuildkitProgress((e) => events.push(e));
  for (const trace of capturedTraces(name)) progress.onTrace(trace);
  return { events, progress, lines: events.filter((e) => e.output === undefined).map((e) => e.message) };
}

describe('BuildKit progress', () => {
  test('a fresh build: each step when it starts and when it ends with its cost, and its output lines under it', () => {
    const { events, lines } = replay('fresh-build.jsonl');
    const run = '[base 2/3] RUN --mount=type=cache,target=/cache echo hello > /cache/x && echo "line one" && echo "line two" >&2';
    assert.ok(lines.includes(run));
    assert.ok(lines.some((l) => /^\[base 2\/3\] RUN .* \(0\.5 s\)$/.test(l)), lines.join('\n'));
    assert.ok(lines.includes('[final 1/1] RUN echo final'));
    assert.deepEqual(events.filter((e) => e.output !== undefined).map((e) => [e.message, e.output]), [[run, 'line one'], [run, 'line two'], ['[final 1/1] RUN echo final', 'final']]);
    // Each step starts and ends once, though BuildKit sends a vertex several times.
    assert.equal(lines.filter((l) => l.startsWith('[internal] load remote build context')).length, 2);
    assert.ok(events.every((e) => e.phase === 'build' && e.durationMs === undefined));
    // Of the four Dockerfile steps, as each starts and ends; BuildKit's internal work has no share.
    assert.deepEqual(events.filter((e) => e.percent !== undefined).map((e) => e.percent), [0, 25, 25, 50, 50, 75, 75, 100]);
    // Each step's start and end name its instruction; BuildKit's internal work and the output lines do not.
    assert.ok(events.filter((e) => e.step).every((e) => e.output === undefined && e.message.endsWith(e.step!) || e.message.includes(`${e.step!} (`)));
    assert.ok(events.some((e) => e.step === 'RUN echo final'));
    assert.ok(!events.some((e) => e.step && e.message.startsWith('[internal]')));
  });

  test('a step padded to the count\'s width ("[ 5/11] RUN …") is a step, with its instruction', () => {
    const events: ProgressEvent[] = [];
    new BuildkitProgress((e) => events.push(e)).onTrace({ vertexes: [{ digest: 'd', name: '[ 5/11] RUN /tmp/x/install.sh', started: 1, cached: false }], logs: [] });
    assert.deepEqual(events.map((e) => [e.step, e.percent]), [['RUN /tmp/x/install.sh', 0]]);
  });

  test('a second build reports its steps as cached, without announcing them first', () => {
    const { lines } = replay('cached-build.jsonl');
    const steps = lines.filter((l) => / RUN /.test(l));
    assert.equal(steps.length, 3);
    assert.ok(steps.every((l) => l.endsWith(' (cached)')), steps.join('\n'));
  });

  test('a failed step is kept with its error and its last output lines, without escape codes', () => {
    const { progress, lines } = replay('failed-run.jsonl');
    const failed = progress.failedStep()!;
    assert.match(failed.name, /^\[3\/3\] RUN printf/);
    assert.deepEqual(failed.output, ['red error', 'out1', 'err1']);
    assert.match(failed.error!, /exit code: 3$/);
    assert.ok(!lines.some((l) => l.startsWith('[3/3]') && l.endsWith(')')), 'a failed step reports no cost');
  });

  test('output split across log messages comes out in whole lines, the rest when the step ends', () => {
    const events: ProgressEvent[] = [];
    const progress = new BuildkitProgress((e) => events.push(e));
    const vertex = { digest: 'd', name: '[1/2] RUN x', cached: false, started: 1000 };
    progress.onTrace({ vertexes: [vertex], logs: [] });
    progress.onTrace({ vertexes: [], logs: [{ vertex: 'd', stream: 1, msg: Buffer.from('par') }] });
    progress.onTrace({ vertexes: [], logs: [{ vertex: 'd', stream: 1, msg: Buffer.from('tial\r\nnext') }] });
    progress.onTrace({ vertexes: [{ ...vertex, completed: 3500 }], logs: [] });
    assert.deepEqual(events.map((e) => e.output ?? e.message), ['[1/2] RUN x', 'partial', 'next', '[1/2] RUN x (2.5 s)']);
  });
});
