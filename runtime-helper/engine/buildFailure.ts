// A failed build as one message that names the Dockerfile line, the step and its last
// output lines, free of terminal escapes; Dockerfile syntax the engine's BuildKit is too
// old for, or that needs a build session, is named as such with the engine's version.
import { stripAnsi } from '../util/ansi';
import type { BerthError } from '../util/result';
import { buildkitStep, legacyStep, type DockerfileSteps, type Instruction } from './dockerfileSteps';

export interface FailedStep {
  /** "[base 2/3] RUN make" (BuildKit) or "step 4/9 (RUN make)" (legacy builder). */
  name: string;
  /** The legacy builder's step number; BuildKit's steps are found by name. */
  stepNumber?: number;
  output: string[];
  /** BuildKit's error for this step. */
  error?: string;
}

export interface BuildFailureInput {
  dockerfile: string;
  steps: DockerfileSteps;
  /** The engine's error: the stream's last error, or why it refused the request. */
  reason: string;
  /** True when the engine refused the request before building. */
  refused?: boolean;
  failed?: FailedStep;
  /** "20.10.24", for syntax the engine is too old for. */
  engineVersion?: string;
  builder: 'buildkit' | 'legacy';
}

const FIX_STEP = 'Fix the failing instruction in the Dockerfile, then run the command again.';
const OUTPUT_LINES = 8;

export function buildFailure(input: BuildFailureInput): BerthError {
  const error = describe(input);
  const located = error.line !== undefined || !input.refused;
  // Every position field is set, so none of the caller's (the config's) leaks onto the Dockerfile.
  return { ...error, message: stripAnsi(error.message), file: located ? input.dockerfile : undefined, line: error.line, column: error.line ? 1 : undefined };
}

function describe({ steps, reason, refused, failed, engineVersion, builder }: BuildFailureInput): Omit<BerthError, 'file'> {
  const engine = `the engine's ${builder === 'buildkit' ? 'BuildKit' : 'legacy builder'} (Docker ${engineVersion ?? 'version unknown'})`;
  const parse = /dockerfile parse error line (\d+): (.*)$/is.exec(reason);
  if (parse) {
    const line = Number(parse[1]);
    const at = instructionAt(steps, line);
    if (at?.heredoc) {
      return { line: at.heredoc, message: `${engine} is too old for heredocs (\`${at.keyword} <<\`): it reads the heredoc's lines as instructions`, fix: `Write the ${at.keyword} without a heredoc, or use an engine whose BuildKit knows heredocs (Docker 23.0 or newer).` };
    }
    const flag = /unknown flag: (\S+)/i.exec(parse[2]);
    if (flag && at) {
      return { line: at.line, message: `${engine} is too old for \`${at.keyword} --${flag[1]}\``, fix: `Remove --${flag[1]} from the ${at.keyword}, or use a newer engine with BuildKit.` };
    }
    return { line, message: `the Dockerfile cannot be parsed: ${parse[2].trim()}`, fix: 'Fix that line of the Dockerfile.' };
  }
  if (steps.syntax && /frontend gateway|resolve image config for/i.test(`${reason} ${failed?.name ?? ''}`)) {
    const cause = (failed?.error ?? reason).replace(/^.*frontend gateway\.v0: /, '');
    return {
      line: steps.syntax.line,
      message: `the Dockerfile's \`# syntax=${steps.syntax.value}\` directive names a Dockerfile frontend image the engine could not fetch: ${cause}`,
      fix: "Remove the `# syntax=` line to build with the engine's built-in frontend, or make that image reachable from the engine.",
    };
  }
  const instruction = failed && (failed.stepNumber !== undefined ? legacyStep(steps, failed.stepNumber) : buildkitStep(steps, failed.name));
  // Podman (Buildah) parses each instruction as it reaches it: "Build error: Unknown instruction: "RUNN" &imagebuilder.Step{…}".
  const unknown = /Unknown instruction: "?(\w+)/.exec(reason);
  if (unknown && instruction) return { line: instruction.line, message: `the Dockerfile cannot be parsed: unknown instruction: ${unknown[1]}`, fix: 'Fix that line of the Dockerfile.' };
  const mount = instruction && /--mount=(?:\S*,)?type=(secret|ssh)\b/.exec(instruction.text);
  if (mount && /no active sessions/i.test(reason)) {
    const what = mount[1] === 'ssh' ? 'the SSH agent' : 'the secret';
    return { line: instruction.line, message: `\`RUN --mount=type=${mount[1]}\` needs a build session to hand over ${what}, and builds through the engine API have none`, fix: `Remove the ${mount[1]} mount from the Dockerfile (pass what it needs as a build argument or a bind mount).` };
  }
  const cause = simplify(failed?.error ?? reason);
  if (refused) return { message: `the engine refused the build: ${cause}` };
  if (!failed) return { message: `the build failed: ${cause}`, fix: FIX_STEP };
  const tail = failed.output.slice(-OUTPUT_LINES);
  const output = tail.length ? `\n  last output:\n    ${tail.join('\n    ')}` : '';
  const step = failed.stepNumber !== undefined ? failed.name : buildkitStepLabel(failed.name);
  return { line: instruction?.line, message: `the build failed at ${step}: ${cause}${output}`, fix: FIX_STEP };
}

/** "[base 2/3] RUN make" as the legacy builder's errors name a step: "step 2/3 of base (RUN make)". */
function buildkitStepLabel(vertexName: string): string {
  const m = /^\[(?:(\S+) )?(\d+\/\d+)\] (.*)$/s.exec(vertexName);
  return m ? `step ${m[2]}${m[1] ? ` of ${m[1]}` : ''} (${m[3]})` : vertexName;
}

/** The instruction that covers `line` (its own line, a continuation or a heredoc body). */
function instructionAt(steps: DockerfileSteps, line: number): Instruction | undefined {
  return steps.instructions.filter((i) => i.line <= line).pop();
}

/** BuildKit (and Podman) repeat the whole command before the exit code, which the step's name already shows; said as the legacy builder says it. */
function simplify(reason: string): string {
  const exit = /^(?:executor failed running \[.*\]|process ".*" did not complete successfully): exit code: (\d+)$|^building at STEP ".*": while running runtime: exit status (\d+)$/s.exec(reason.trim());
  return exit ? `the command returned a non-zero code: ${exit[1] ?? exit[2]}` : reason.trim();
}
