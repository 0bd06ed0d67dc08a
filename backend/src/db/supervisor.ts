import { errorSummary } from '../lib/error-report.js';

/** A process the supervisor keeps running. */
export interface RunningProcess {
  /** Resolves when the process has ended, with how ("code 1", "signal SIGKILL"). */
  exited: Promise<string>;
  /** Asks it to end and resolves once it has. */
  stop(): Promise<void>;
}

export interface BackOff {
  /** Delay before the first restart. */
  firstMs: number;
  /** The delay doubles with every restart that fails or does not last `stableMs`, up to this. */
  maxMs: number;
  /** A process that ran this long counts as healthy again: its next restart waits only `firstMs`. */
  stableMs: number;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Keeps a process running: when it ends without being asked to, it is started again, after a delay
 * that grows while it keeps failing (a crash loop must not spin), and every step is logged.
 * `stop()` ends it for good.
 */
export function supervise(
  first: RunningProcess,
  options: {
    name: string;
    start: () => Promise<RunningProcess>;
    log: (message: string) => void;
    backOff: BackOff;
    /** Waits `ms` or until `signal` aborts; tests pass one that records the delays. */
    wait?: (ms: number, signal: AbortSignal) => Promise<void>;
    now?: () => number;
  },
): { stop(): Promise<void> } {
  const { name, start, log, backOff } = options;
  const pause = options.wait ?? wait;
  const now = options.now ?? Date.now;
  const stopped = new AbortController();
  let current: RunningProcess | undefined = first;
  let startedAt = now();
  let delay = backOff.firstMs;

  const restart = async (): Promise<RunningProcess | undefined> => {
    while (!stopped.signal.aborted) {
      await pause(delay, stopped.signal);
      if (stopped.signal.aborted) return undefined;
      delay = Math.min(backOff.maxMs, delay * 2);
      try {
        return await start();
      } catch (error) {
        log(`${name} did not start again (${errorSummary(error)}); next try in ${delay} ms`);
      }
    }
    return undefined;
  };

  const watching = (async () => {
    while (current) {
      const how = await current.exited;
      current = undefined;
      if (stopped.signal.aborted) return;
      if (now() - startedAt >= backOff.stableMs) delay = backOff.firstMs;
      log(`${name} exited unexpectedly (${how}); restarting in ${delay} ms`);
      const started = await restart();
      if (started && stopped.signal.aborted) await started.stop();
      else if (started) {
        current = started;
        startedAt = now();
        log(`${name} restarted`);
      }
    }
  })();

  return {
    async stop() {
      stopped.abort();
      await current?.stop();
      await watching;
    },
  };
}
