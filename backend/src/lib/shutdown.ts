// Long enough for in-flight requests and running jobs; a process that hangs longer is killed.
const GRACE_MS = 20_000;

/**
 * Graceful shutdown on SIGTERM/SIGINT, once: runs `stop` (close listeners, pools, the embedded
 * PostgreSQL) and exits 0, or exits 1 when it takes longer than the grace period.
 */
export function onShutdownSignal(log: { info(message: string): void; error(message: string): void }, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down, finishing work in flight`);
    const forced = setTimeout(() => {
      log.error(`shutdown took over ${GRACE_MS / 1000} s; exiting`);
      process.exit(1);
    }, GRACE_MS);
    try {
      await stop();
    } finally {
      clearTimeout(forced);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
