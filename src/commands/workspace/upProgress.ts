// Turns the helper's progress events for one `up` into what the user sees: the line in
// the progress notification, the lines in the Berth log, and what each phase cost.
// Free of the vscode API, so it is unit-tested on its own.
import type { ProgressEvent } from '../../../runtime-helper/util/progress';
import { formatMs } from '../../format';

const OUTPUT_TAIL_LINES = 15;

export class UpProgress {
  private readonly started = Date.now();
  private readonly costs: { name: string; ms: number }[] = [];
  private readonly hookOutput = new Map<string, string[]>();
  private lastHook: string | undefined;

  /** The notification's line for this event, or undefined when it has none (raw output). */
  headline(e: ProgressEvent): string | undefined {
    if (e.output !== undefined) return undefined;
    const percent = e.percent !== undefined ? ` (${Math.round(e.percent)}%)` : '';
    // Hook messages name their hook already; phase messages get the phase in front.
    const prefix = e.hook ? (e.message.includes(e.hook) ? '' : `${e.hook}: `) : `${e.phase}: `;
    return `${prefix}${e.message}${percent}`;
  }

  /** Lines for the Berth log; also records durations and hook output. */
  record(e: ProgressEvent): string[] {
    const name = e.hook ?? e.phase;
    if (e.hook) this.lastHook = e.hook;
    if (e.output !== undefined) {
      const lines = e.output.replace(/\n$/, '').split('\n');
      if (e.hook) this.hookOutput.set(e.hook, [...(this.hookOutput.get(e.hook) ?? []), ...lines].slice(-OUTPUT_TAIL_LINES));
      return lines.map((line) => `  ${name} | ${line}`);
    }
    if (e.durationMs === undefined) return [`[${name}] ${e.message}`];
    this.costs.push({ name, ms: e.durationMs });
    return [`[${name}] ${e.message} (${formatMs(e.durationMs)})`];
  }

  /** "pull 1.2 s, create 310 ms, postCreateCommand 2.0 s; total 3.6 s" */
  summary(): string {
    const phases = this.costs.map((c) => `${c.name} ${formatMs(c.ms)}`).join(', ');
    return `${phases ? `${phases}; ` : ''}total ${formatMs(Date.now() - this.started)}`;
  }

  /** The hook that ran last and the tail of its output: what a failed hook left. */
  lastHookOutput(): { hook: string; output: string[] } | undefined {
    return this.lastHook ? { hook: this.lastHook, output: this.hookOutput.get(this.lastHook) ?? [] } : undefined;
  }
}
