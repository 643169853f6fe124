// The BuildKit trace decoder on messages captured from a real engine (test/fixtures/buildkit/).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeTrace } from '../../runtime-helper/engine/buildkitTrace';
import { capturedTraces } from '../support/buildkitFixtures';

describe('BuildKit trace messages', () => {
  test('a fresh build: its steps by name, when they ran, and their output on stdout and stderr', () => {
    const traces = capturedTraces('fresh-build.jsonl');
    const vertexes = traces.flatMap((t) => t.vertexes);
    const names = [...new Set(vertexes.map((v) => v.name))];
    assert.deepEqual(names, [
      '[internal] load remote build context',
      'copy /context /',
      '[internal] load metadata for docker.io/library/berth-base:bookworm',
      '[base 1/3] FROM docker.io/library/berth-base:bookworm',
      '[base 2/3] RUN --mount=type=cache,target=/cache echo hello > /cache/x && echo "line one" && echo "line two" >&2',
      '[base 3/3] RUN --mount=type=bind,source=hi.txt,target=/hi.txt cat /hi.txt > /copied',
      '[final 1/1] RUN echo final',
      'exporting to image',
    ]);
    const run = vertexes.find((v) => v.name.startsWith('[base 2/3]') && v.completed !== undefined)!;
    assert.match(run.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(run.cached, false);
    // Captured on 2026-11-30: the timestamps decode to that day, and the step took a while.
    assert.equal(new Date(run.started!).toISOString().slice(0, 10), '2026-11-30');
    assert.ok(run.completed! - run.started! > 100, `${run.completed! - run.started!} ms`);
    const logs = traces.flatMap((t) => t.logs).filter((l) => l.vertex === run.digest);
    assert.deepEqual(logs.map((l) => [l.stream, l.msg.toString()]), [[1, 'line one\n'], [2, 'line two\n']]);
  });

  test('a second build: every step comes from the cache', () => {
    const done = capturedTraces('cached-build.jsonl').flatMap((t) => t.vertexes).filter((v) => /^\[\w+ \d\/\d\] RUN/.test(v.name) && v.completed !== undefined);
    assert.equal(done.length, 3);
    assert.ok(done.every((v) => v.cached));
  });

  test('a failed RUN carries its error and its output, escape codes included', () => {
    const traces = capturedTraces('failed-run.jsonl');
    const failed = traces.flatMap((t) => t.vertexes).find((v) => v.error)!;
    assert.match(failed.name, /^\[3\/3\] RUN printf/);
    assert.match(failed.error!, /exit code: 3$/);
    const output = traces.flatMap((t) => t.logs).filter((l) => l.vertex === failed.digest).map((l) => l.msg.toString());
    assert.deepEqual(output, ['\u001b[31mred error\u001b[0m\n', 'out1\n', 'err1\n']);
  });

  test('fields it does not read are skipped, whatever their wire type; bytes that are no message give undefined', () => {
    const text = (no: number, s: string) => Buffer.concat([Buffer.from([(no << 3) | 2, s.length]), Buffer.from(s)]);
    const vertex = Buffer.concat([text(1, 'sha256:x'), Buffer.from([(9 << 3) | 5, 1, 2, 3, 4]), Buffer.from([(10 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8]), text(3, 'step')]);
    const message = Buffer.concat([Buffer.from([(1 << 3) | 2, vertex.length]), vertex, Buffer.from([(4 << 3) | 0, 0x96, 0x01])]);
    assert.deepEqual(decodeTrace(message.toString('base64')), { vertexes: [{ digest: 'sha256:x', name: 'step', cached: false }], logs: [] });
    assert.equal(decodeTrace(Buffer.from([(1 << 3) | 2, 50, 1]).toString('base64')), undefined);
    assert.equal(decodeTrace(Buffer.from([(1 << 3) | 7]).toString('base64')), undefined);
  });
});
