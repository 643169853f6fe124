// A failed build as one message: the Dockerfile line, the step, its last output, no escape codes;
// syntax the engine is too old for, or that needs a session, said as such. Reasons are the engine's own words.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildFailure, type BuildFailureInput } from '../../runtime-helper/engine/buildFailure';
import { BuildkitProgress } from '../../runtime-helper/engine/buildkitProgress';
import { parseDockerfileSteps, readDockerfileSteps } from '../../runtime-helper/engine/dockerfileSteps';
import { BUILDKIT_FIXTURES, capturedTraces } from '../support/buildkitFixtures';

const DOCKERFILE = '/ws/.devcontainer/Dockerfile';

function failure(dockerfile: string, input: Partial<BuildFailureInput> & { reason: string }) {
  return buildFailure({ dockerfile: DOCKERFILE, steps: parseDockerfileSteps(dockerfile), builder: 'buildkit', engineVersion: '20.10.24', ...input });
}

describe('build failure messages', () => {
  test('a failed RUN from a real trace: its line, its step, its last output, and no escape codes', () => {
    const progress = new BuildkitProgress(() => undefined);
    for (const trace of capturedTraces('failed-run.jsonl')) progress.onTrace(trace);
    const failed = progress.failedStep()!;
    const dockerfile = join(BUILDKIT_FIXTURES, 'failed-run.Dockerfile');
    const e = buildFailure({ dockerfile, steps: readDockerfileSteps(dockerfile), builder: 'buildkit', reason: failed.error!, failed });
    assert.equal(e.file, dockerfile);
    assert.equal(e.line, 3);
    assert.equal(e.column, 1);
    assert.ok(e.message.startsWith('the build failed at step 3/3 (RUN printf '), e.message);
    assert.match(e.message, /: the command returned a non-zero code: 3\n  last output:\n    red error\n    out1\n    err1$/);
    assert.doesNotMatch(e.message, /\u001b/);
  });

  test("Podman's (Buildah's) words: a RUN's exit status, and an unknown instruction found when its step is reached", () => {
    const dockerfile = 'FROM a AS base\nRUN true\nFROM base\nRUN exit 3\nRUNN x\n';
    const failedAt = (stage: string, stepNumber: number, name: string) => ({ name: `${stage}step ${name}`, stepNumber, output: [] });
    const run = failure(dockerfile, { builder: 'legacy', reason: 'building at STEP "RUN exit 3": while running runtime: exit status 3', failed: failedAt('[2/2] ', 4, '2/3 (RUN exit 3)') });
    assert.equal(run.line, 4);
    assert.equal(run.message, 'the build failed at [2/2] step 2/3 (RUN exit 3): the command returned a non-zero code: 3');
    const unknown = failure(dockerfile, { builder: 'legacy', reason: 'building at STEP "RUNN ": Build error: Unknown instruction: "RUNN" &imagebuilder.Step{Command:"runn"}', failed: failedAt('[2/2] ', 5, '3/3 (RUNN x)') });
    assert.equal(unknown.line, 5);
    assert.equal(unknown.message, 'the Dockerfile cannot be parsed: unknown instruction: RUNN');
  });

  test('heredocs on a BuildKit too old for them', () => {
    const e = failure('FROM a\nRUN <<EOF\necho hi\nEOF\n', { reason: 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: ECHO' });
    assert.equal(e.line, 2);
    assert.equal(e.message, "the engine's BuildKit (Docker 20.10.24) is too old for heredocs (`RUN <<`): it reads the heredoc's lines as instructions");
  });

  test('a flag the engine does not know yet', () => {
    const e = failure('FROM a\nCOPY --link x /x\n', { reason: 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: Unknown flag: link' });
    assert.equal(e.line, 2);
    assert.equal(e.message, "the engine's BuildKit (Docker 20.10.24) is too old for `COPY --link`");
  });

  test('a line that cannot be parsed at all', () => {
    const e = failure('FROM a\nRUNN x\n', { reason: 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: unknown instruction: RUNN' });
    assert.deepEqual([e.line, e.message], [2, 'the Dockerfile cannot be parsed: unknown instruction: RUNN']);
  });

  test('a secret mount without a session', () => {
    const e = failure('FROM a\nRUN --mount=type=secret,id=tok cat /run/secrets/tok\n', { reason: 'no active sessions', failed: { name: '[2/2] RUN --mount=type=secret,id=tok cat /run/secrets/tok', output: [], error: 'no active sessions' } });
    assert.equal(e.line, 2);
    assert.match(e.message, /^`RUN --mount=type=secret` needs a build session/);
  });

  test('a refusal no line explains names no file', () => {
    const e = failure('FROM a\n', { reason: 'invalid reference format', refused: true });
    assert.deepEqual([e.file, e.line, e.message], [undefined, undefined, 'the engine refused the build: invalid reference format']);
  });
});
