// The legacy builder's stream (as Docker 20.10 sends it) as build progress and a failed step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LegacyBuildProgress } from '../../runtime-helper/engine/legacyBuildProgress';
import type { ProgressEvent } from '../../runtime-helper/util/progress';

test('steps with their percent, output without colour codes, and a failed step keeps what the step printed', () => {
  const events: ProgressEvent[] = [];
  const progress = new LegacyBuildProgress((e) => events.push(e));
  for (const chunk of ['Step 1/2 : FROM berth-base:bookworm\n', ' ---> f2c840828159\n', 'Step 2/2 : RUN echo out && echo err >&2 && exit 5\n', ' ---> Running in 2f078d17369b\n', 'out\n', '\u001b[91merr\n\u001b[0m']) {
    progress.onStream(chunk);
  }
  assert.deepEqual(events.filter((e) => e.output === undefined).map((e) => [e.message, e.percent]), [['Step 1/2 : FROM berth-base:bookworm', 0], ['Step 2/2 : RUN echo out && echo err >&2 && exit 5', 50]]);
  assert.deepEqual(events.filter((e) => e.output === undefined).map((e) => e.step), ['FROM berth-base:bookworm', 'RUN echo out && echo err >&2 && exit 5']);
  assert.ok(events.every((e) => !/\u001b/.test(e.output ?? '')));
  assert.deepEqual(progress.failedStep(), { name: 'step 2/2 (RUN echo out && echo err >&2 && exit 5)', stepNumber: 2, output: ['out', 'err'] });
});

test("Podman's (Buildah's) steps, numbered per stage, are steps too, and a failed one is named", () => {
  const events: ProgressEvent[] = [];
  const progress = new LegacyBuildProgress((e) => events.push(e));
  for (const chunk of ['[1/2] STEP 1/2: FROM berth-base:bookworm AS base\n', '[1/2] STEP 2/2: RUN true\n', '--> 548a47d0bea\n', '[2/2] STEP 1/2: FROM 548a47d0bea AS final\n', '[2/2] STEP 2/2: RUN echo err >&2 && exit 5\n', 'err\n']) {
    progress.onStream(chunk);
  }
  assert.deepEqual(
    events.filter((e) => e.output === undefined).map((e) => [e.message, e.percent]),
    [['[1/2] STEP 1/2: FROM berth-base:bookworm AS base', 0], ['[1/2] STEP 2/2: RUN true', 50], ['[2/2] STEP 1/2: FROM 548a47d0bea AS final', 0], ['[2/2] STEP 2/2: RUN echo err >&2 && exit 5', 50]],
  );
  assert.deepEqual(events.filter((e) => e.step).map((e) => e.step), ['FROM berth-base:bookworm AS base', 'RUN true', 'FROM 548a47d0bea AS final', 'RUN echo err >&2 && exit 5']);
  // Its number counts the Dockerfile's instructions across stages, so the failed one is found in the file.
  assert.deepEqual(progress.failedStep(), { name: '[2/2] step 2/2 (RUN echo err >&2 && exit 5)', stepNumber: 4, output: ['err'] });
});
