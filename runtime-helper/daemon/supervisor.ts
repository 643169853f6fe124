// `berth helper serve` runs the helper under this small supervisor. When the helper dies
// abnormally (a crash, SIGKILL, an out-of-memory abort) it is started again at once, so every
// workspace's forwards come back from forwards.json without any client. When the helper exits
// by itself (idle, SIGTERM, another helper already serves) the supervisor exits with it.
// It only spawns and waits, so that it has nothing to crash on; it loads no engine code.
import type { ChildProcess } from 'node:child_process';

export interface SuperviseOptions {
  /** Starts one helper process. */
  start(): ChildProcess;
  log(message: string): void;
  /** A helper that lived this long was not crash-looping: the back-off starts over. */
  healthyAfterMs?: number;
  /** Back-off after the second quick death in a row, doubled on each further one. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Quick deaths in a row after which the supervisor gives up (the helper cannot start). */
  maxQuickDeaths?: number;
}

/** Runs helpers until one exits by itself; resolves with the exit code the supervisor should use. */
export function supervise(o: SuperviseOptions): Promise<number> {
  const healthyAfterMs = o.healthyAfterMs ?? 10_000;
  const firstDelayMs = o.firstDelayMs ?? 200;
  const maxDelayMs = o.maxDelayMs ?? 30_000;
  const maxQuickDeaths = o.maxQuickDeaths ?? 8;
  return new Promise((done) => {
    let child: ChildProcess | undefined;
    let pending: NodeJS.Timeout | undefined;
    let stopping: NodeJS.Signals | undefined;
    let quickDeaths = 0;

    const run = () => {
      pending = undefined;
      const started = Date.now();
      const current = o.start();
      child = current;
      let gone = false;
      const ended = (code: number | null, signal: NodeJS.Signals | null) => {
        if (gone) return;
        gone = true;
        child = undefined;
        if (stopping) return finish(code ?? 0);
        if (code === 0) return finish(0); // idle, SIGTERM, or another helper already serves
        const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
        quickDeaths = Date.now() - started < healthyAfterMs ? quickDeaths + 1 : 1;
        if (quickDeaths >= maxQuickDeaths) {
          o.log(`supervisor: helper pid ${current.pid} ${why}; it died ${quickDeaths} times in a row, giving up`);
          return finish(1);
        }
        // The first death restarts at once (forwards are down); a crash loop backs off.
        const delay = quickDeaths <= 1 ? 0 : Math.min(maxDelayMs, firstDelayMs * 2 ** (quickDeaths - 2));
        o.log(`supervisor: helper pid ${current.pid} ${why}; starting it again${delay ? ` in ${delay} ms` : ''}`);
        pending = setTimeout(run, delay);
      };
      current.once('exit', ended);
      // A spawn that fails may emit 'error' without 'exit': it counts as a death too.
      current.on('error', (err) => {
        o.log(`supervisor: the helper failed: ${err.message}`);
        if (current.pid === undefined) ended(-1, null);
      });
    };

    // Signals are for the helper: it ends its forwards and removes its socket, then both exit.
    const onSignal = (signal: NodeJS.Signals) => {
      stopping = signal;
      if (pending) clearTimeout(pending);
      if (child) child.kill(signal);
      else finish(0);
    };
    const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
    for (const s of signals) process.on(s, onSignal);

    const finish = (code: number) => {
      for (const s of signals) process.off(s, onSignal);
      done(code);
    };
    run();
  });
}
