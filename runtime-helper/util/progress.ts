// Progress of long work (pull layers, build steps, hooks), with what each phase cost.

export type Phase = 'config' | 'initialize' | 'pull' | 'build' | 'features' | 'create' | 'start' | 'uid' | 'probe' | 'hook' | 'forward' | 'down' | 'server';

export interface ProgressEvent {
  phase: Phase;
  /** A short line for a progress UI: "Pulling 3/7 layers", "Step 4/9 : RUN apt-get …". */
  message: string;
  /** 0..100 when known. */
  percent?: number;
  /** Raw output (build step output, hook output); may contain several lines. */
  output?: string;
  /** Set on the event that ends a phase. */
  durationMs?: number;
  /** For hooks: which one ("postCreateCommand"). */
  hook?: string;
  /** On a build's line that starts (or, from BuildKit, ends) a Dockerfile step: its instruction (`RUN …`), whichever builder ran it. */
  step?: string;
}

export type ProgressSink = (event: ProgressEvent) => void;

export const silentProgress: ProgressSink = () => undefined;

/** Runs `work` as one phase and reports its duration when it ends, success or not. */
export async function timed<T>(progress: ProgressSink, phase: Phase, message: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  progress({ phase, message });
  try {
    return await work();
  } finally {
    progress({ phase, message: `${message} (done)`, durationMs: Date.now() - started });
  }
}
