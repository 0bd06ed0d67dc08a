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
  return { child, ready, exited, output: () => output };
}
