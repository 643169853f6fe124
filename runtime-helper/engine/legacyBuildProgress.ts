// The legacy builder's stream ("Step 4/9 : RUN …" then the step's output) as build
// progress, remembering the running step and its last output lines for a failure.
import { stripAnsi } from '../util/ansi';
import type { ProgressSink } from '../util/progress';
import type { FailedStep } from './buildFailure';

const TAIL_LINES = 20;
/** The builder's own lines between a step's output: not what the step printed. */
const BUILDER_NOTES = /^(?: ---> |Removing intermediate container |Successfully (?:built|tagged) )/;

export class LegacyBuildProgress {
  private step: { name: string; number: number } | undefined;
  private tail: string[] = [];
  private stage = { name: '', offset: 0, count: 0 };

  constructor(private readonly progress: ProgressSink) {}

  onStream(stream: string): void {
    // The engine colours a step's stderr red with escape codes; they end up in logs and messages, not on a terminal.
    const text = stripAnsi(stream).replace(/\n$/, '');
    // Docker's "Step 4/9 : RUN …", or Podman's (Buildah's) "[1/2] STEP 4/9: RUN …", numbered per stage.
    const stepMatch = /^(?:Step|(\[\d+\/\d+\] )?STEP) (\d+)\/(\d+) ?: (.*)$/.exec(text);
    if (stepMatch) {
      const [, stage = '', number, count, instruction] = stepMatch;
      // Buildah counts each stage's steps from 1; the Dockerfile's instructions are counted across stages.
      if (stage !== this.stage.name) this.stage = { name: stage, offset: this.stage.offset + this.stage.count, count: 0 };
      this.stage.count = Number(count);
      this.step = { number: this.stage.offset + Number(number), name: `${stage}step ${number}/${count} (${instruction.slice(0, 120)})` };
      this.tail = [];
      this.progress({ phase: 'build', message: text.slice(0, 200), percent: Math.round((100 * (Number(number) - 1)) / Number(count)), step: instruction });
    } else if (text.trim()) {
      const output = text.split('\n').filter((l) => l.trim() && !BUILDER_NOTES.test(l));
      this.tail = [...this.tail, ...output].slice(-TAIL_LINES);
      this.progress({ phase: 'build', message: this.step?.name ?? '', output: text });
    }
  }

  /** The step that ran last, with its last output lines: the one that failed when the build did. */
  failedStep(): FailedStep | undefined {
    return this.step && { name: this.step.name, stepNumber: this.step.number, output: this.tail };
  }
}
