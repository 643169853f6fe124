// Turns BuildKit's trace (vertexes that start, complete or hit the cache, and their log
// bytes) into the build progress the UI shows for the legacy builder: one line per step as
// it starts, one when it ends with what it cost or that it was cached, and its output lines
// (without terminal escapes: they end up in logs and messages, not on a terminal).
import { stripAnsi } from '../util/ansi';
import type { ProgressSink } from '../util/progress';
import type { TraceMessage, TraceVertex } from './buildkitTrace';
import type { FailedStep } from './buildFailure';

const TAIL_LINES = 20;
const NAME_CHARS = 200;
/** A Dockerfile step's vertex: "[2/3] RUN …", "[base 1/3] FROM …", "[ 5/11] RUN …" (padded to the count's width). */
const STEP = /^\[(?:\S+ )?\s*\d+\/\d+\] /;

interface VertexState {
  name: string;
  startReported: boolean;
  endReported: boolean;
  /** Output not yet ended by a newline. */
  partial: string;
  tail: string[];
  error?: string;
}

export class BuildkitProgress {
  private readonly vertexes = new Map<string, VertexState>();
  private failed: VertexState | undefined;

  constructor(private readonly progress: ProgressSink) {}

  onTrace(trace: TraceMessage | undefined): void {
    if (!trace) return;
    for (const v of trace.vertexes) this.onVertex(v);
    for (const log of trace.logs) {
      const state = this.vertexes.get(log.vertex);
      if (state) this.onOutput(state, log.msg.toString('utf8'));
    }
  }

  /** The step whose error ended the build, with its last output lines. */
  failedStep(): FailedStep | undefined {
    return this.failed && { name: this.failed.name, output: this.failed.tail, error: this.failed.error };
  }

  private onVertex(v: TraceVertex): void {
    let state = this.vertexes.get(v.digest);
    if (!state) {
      state = { name: v.name.slice(0, NAME_CHARS), startReported: false, endReported: false, partial: '', tail: [] };
      this.vertexes.set(v.digest, state);
    }
    // A vertex arrives several times: announced, started, completed (and sometimes completed again).
    if (v.started !== undefined && v.completed === undefined && !v.cached && !state.startReported) {
      state.startReported = true;
      this.progress({ phase: 'build', message: state.name, percent: this.percent(state), step: instructionOf(state) });
    }
    if (v.completed === undefined || state.endReported) return;
    state.endReported = true;
    this.flush(state);
    if (v.error) {
      state.error = v.error;
      this.failed ??= state;
      return;
    }
    const cost = v.cached ? 'cached' : formatSeconds(v.completed - (v.started ?? v.completed));
    this.progress({ phase: 'build', message: `${state.name} (${cost})`, percent: this.percent(state), step: instructionOf(state) });
  }

  private onOutput(state: VertexState, text: string): void {
    const lines = (state.partial + text).split(/\r?\n/);
    state.partial = lines.pop() ?? '';
    this.emit(state, lines);
  }

  private flush(state: VertexState): void {
    if (state.partial) this.emit(state, [state.partial]);
    state.partial = '';
  }

  private emit(state: VertexState, raw: string[]): void {
    if (!raw.length) return;
    const lines = raw.map(stripAnsi);
    state.tail = [...state.tail, ...lines].slice(-TAIL_LINES);
    this.progress({ phase: 'build', message: state.name, output: lines.join('\n') });
  }

  /**
   * Dockerfile steps done of those known, for those steps only: BuildKit announces them all once
   * it has read the Dockerfile; its internal vertexes come and go around them.
   */
  private percent(state: VertexState): number | undefined {
    if (!STEP.test(state.name)) return undefined;
    const steps = [...this.vertexes.values()].filter((v) => STEP.test(v.name));
    return Math.round((100 * steps.filter((v) => v.endReported).length) / steps.length);
  }
}

/** A Dockerfile step's instruction (`RUN …`); undefined for BuildKit's own vertexes (context transfers, exports). */
function instructionOf(state: VertexState): string | undefined {
  return STEP.test(state.name) ? state.name.replace(STEP, '') : undefined;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
