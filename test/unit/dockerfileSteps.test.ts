// Where each Dockerfile instruction starts and which build step it is, for both builders.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildkitStep, legacyStep, parseDockerfileSteps } from '../../runtime-helper/engine/dockerfileSteps';

describe('Dockerfile steps', () => {
  const steps = parseDockerfileSteps(
    [
      '# syntax=docker/dockerfile:1',
      'FROM base AS Build',
      'ENV A=1',
      '# a comment',
      'RUN make \\',
      '  # a comment inside',
      '  all',
      'WORKDIR /src',
      'FROM base',
      'COPY --from=build /out /out',
      'RUN <<EOF',
      'echo from a heredoc',
      'EOF',
      'ADD x /x',
    ].join('\n'),
  );

  test('instructions with their lines, stages and heredocs', () => {
    assert.deepEqual(steps.instructions.map((i) => [i.line, i.keyword, i.stage]), [[2, 'FROM', 0], [3, 'ENV', 0], [5, 'RUN', 0], [8, 'WORKDIR', 0], [9, 'FROM', 1], [10, 'COPY', 1], [11, 'RUN', 1], [14, 'ADD', 1]]);
    assert.equal(steps.instructions[2].text, 'RUN make  all');
    assert.equal(steps.instructions[6].heredoc, 11);
    assert.deepEqual(steps.syntax, { value: 'docker/dockerfile:1', line: 1 });
  });

  test('BuildKit numbers the steps that make a layer, per stage, named or not', () => {
    assert.equal(buildkitStep(steps, '[build 2/3] RUN make all')?.line, 5);
    assert.equal(buildkitStep(steps, '[build 3/3] WORKDIR /src')?.line, 8);
    assert.equal(buildkitStep(steps, '[stage-1 4/4] ADD x /x')?.line, 14);
    assert.equal(buildkitStep(parseDockerfileSteps('FROM a\nRUN x\nRUN y\n'), '[3/3] RUN y')?.line, 3);
    // A count that disagrees with the Dockerfile read here gives no line rather than a wrong one.
    assert.equal(buildkitStep(steps, '[build 2/5] RUN make all'), undefined);
    assert.equal(buildkitStep(steps, 'exporting to image'), undefined);
    assert.equal(legacyStep(steps, 3)?.line, 5);
  });

  test('a backtick escape directive continues lines with a backtick', () => {
    const windows = parseDockerfileSteps('# escape=`\nFROM a\nRUN one `\n  two\nRUN three\n');
    assert.deepEqual(windows.instructions.map((i) => [i.line, i.text]), [[2, 'FROM a'], [3, 'RUN one  two'], [5, 'RUN three']]);
  });
});
