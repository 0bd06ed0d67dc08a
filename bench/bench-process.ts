import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** CPU time and memory of one benchmark process (as it reports them itself, or as /proc does for the API). */
export interface ProcessStats {
  /** User + system CPU since the process started. */
  cpuMs: number;
  rssMb: number;
  /** The largest resident set the process has had (getrusage's maxrss). */
  peakRssMb: number;
}

interface Message {
  type: string;
}

/** A benchmark part in a process of its own, spoken to over IPC. */
export interface BenchProcess {
  /** Sends `message` and resolves with the child's next message of type `reply`. */
  request<T = Record<string, unknown>>(message: Message & Record<string, unknown>, reply: string): Promise<T>;
  stats(): Promise<ProcessStats>;
  /** Asks the child to close what it holds and exit; kills it when it has not after 10 s. */
  stop(): Promise<void>;
}

/**
 * Forks `module` (a benchmark file) with `role` as its argument. The child inherits this process's
 * Node (24, from the npm package) and its tsx loader through execArgv, so it runs TypeScript as
 * the parent does. Its output goes to the parent's terminal.
 */
export function forkBenchProcess(module: URL, role: string): BenchProcess {
  // 'advanced' (structured clone) carries typed arrays such as latency histograms as they are.
  const child = fork(fileURLToPath(module), [role], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    request<T>(message: Message, reply: string) {
      return new Promise<T>((resolve, reject) => {
        const onMessage = (received: Message) => {
          if (received.type !== reply) return;
          child.off('message', onMessage);
          resolve(received as T);
        };
        child.on('message', onMessage);
        void exited.then((code) => reject(new Error(`bench ${role} process exited (${code}) before answering ${message.type}`)));
        child.send(message);
      });
    },
    stats() {
      return this.request<ProcessStats>({ type: 'stats' }, 'stats');
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The role this process was forked for, or undefined in the parent. */
export const benchRole = (): string | undefined => (process.send ? process.argv[2] : undefined);

export function ownStats(): ProcessStats {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  return { cpuMs: (userCPUTime + systemCPUTime) / 1000, rssMb: process.memoryUsage.rss() / 2 ** 20, peakRssMb: maxRSS / 1024 };
}

/**
 * The child's side: runs `handlers[message.type]` for each message from the parent and sends back
 * what it returns (a message with a `type`, or nothing). `stats` is answered for every role; `stop`
 * runs `handlers.stop` and exits.
 */
export function serveParent(handlers: Record<string, (message: never) => unknown>) {
  process.on('message', async (message: Message) => {
    if (message.type === 'stats') return process.send!({ type: 'stats', ...ownStats() });
    const answer = (await handlers[message.type]?.(message as never)) as Message | undefined;
    if (message.type === 'stop') process.exit(0);
    if (answer) process.send!(answer);
  });
}

/** Milliseconds on the system's monotonic clock: comparable between processes of one machine. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
