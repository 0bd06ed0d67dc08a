import { errorSummary } from './error-report.js';

// Long enough for in-flight requests and running jobs; a process that hangs longer is killed.
const GRACE_MS = 20_000;

interface ShutdownLog {
  info(message: string): void;
  error(message: string): void;
}

/** One named step of a shutdown: closing listeners, draining jobs, ending pools, stopping PostgreSQL. */
export type ShutdownStep = [name: string, stop: () => Promise<void>];

/**
 * The shutdown of a process, run once however often it is asked for: every step in order, each
 * even when an earlier one failed (a pool that lost PostgreSQL must not keep the embedded server
 * running), then exit 0, or exit 1 when a step failed or the whole took longer than the grace period.
 * A shutdown never ends in a process that is still alive.
 */
export function shutdownOnce(log: ShutdownLog, steps: ShutdownStep[], exit: (code: number) => void, graceMs = GRACE_MS): (signal: string) => Promise<void> {
  let stopping = false;
  return async (signal) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down, finishing work in flight`);
    // Named when the grace runs out, so a log says which step hangs.
    let current = '';
    const forced = setTimeout(() => {
      log.error(`shutdown: ${current} had not finished`);
      log.error(`shutdown took over ${graceMs / 1000} s; exiting`);
      exit(1);
    }, graceMs);
    let failed = false;
    for (const [name, stop] of steps) {
      current = name;
      try {
        await stop();
      } catch (error) {
        failed = true;
        log.error(`shutdown: ${name} failed (${errorSummary(error)}); carrying on`);
      }
    }
    clearTimeout(forced);
    exit(failed ? 1 : 0);
  };
}

/** Graceful shutdown on SIGTERM/SIGINT (see `shutdownOnce`). */
export function onShutdownSignal(log: ShutdownLog, steps: ShutdownStep[]): void {
  const shutdown = shutdownOnce(log, steps, (code) => process.exit(code));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
