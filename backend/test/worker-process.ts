import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workerEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/worker.ts');

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the worker says it is running (rejects if it exits first). */
  ready: Promise<void>;
  /** Resolves with the exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** SIGTERM, then the exit; past `withinMs` the worker is SIGKILLed and this rejects with its output. */
  stop(withinMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** backend/src/worker.ts as a real child process (Node 24 + tsx), against the given database. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    cwd: path.dirname(workerEntry),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('notifications worker running')) markReady();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      failReady(new Error(`worker exited (${code ?? signal}) before it was ready:\n${output.slice(-3000)}`));
      resolve({ code, signal });
    });
  });
  const stop = async (withinMs = 25_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), withinMs);
    });
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome !== 'late') return outcome;
    child.kill('SIGKILL');
    await exited;
    throw new Error(`worker did not stop within ${withinMs} ms of SIGTERM:\n${output.slice(-3000)}`);
  };
  return { child, ready, exited, output: () => output, stop };
}
