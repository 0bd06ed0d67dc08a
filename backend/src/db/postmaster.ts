import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunningProcess } from './supervisor.js';

/** Where PostgreSQL's programs and data are, and the system user it runs as when we are root. */
export interface PostgresFiles {
  binDir: string;
  dataDir: string;
  runAs?: { uid: number; gid: number };
}

// English messages whatever the machine's locale: readiness is read from the log.
const CHILD_ENV = { LC_MESSAGES: 'C' };
const READY = 'database system is ready to accept connections';

const howItEnded = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `signal ${signal}` : `code ${code}`);

/** Runs a PostgreSQL program to its end; rejects with the end of its output when it fails. */
function runToEnd(files: PostgresFiles, program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(files.binDir, program), args, { ...files.runAs, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-2_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${program} ended with ${howItEnded(code, signal)}: ${output.trim()}`));
    });
  });
}

/** Creates a new cluster in `files.dataDir`, whose superuser `user` logs in with `password`. */
export async function initialiseCluster(files: PostgresFiles, user: string, password: string): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'innkeeper-initdb-'));
  const passwordFile = path.join(folder, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (files.runAs) {
      await chown(folder, files.runAs.uid, files.runAs.gid);
      await chown(passwordFile, files.runAs.uid, files.runAs.gid);
    }
    await runToEnd(files, 'initdb', [
      `--pgdata=${files.dataDir}`,
      `--username=${user}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

// Postmasters this process runs, asked to stop (fast shutdown) if the process exits without stopping them.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts the postmaster and resolves once it accepts connections. It runs in its own process group,
 * so a Ctrl-C meant for us does not stop it behind its supervisor's back: we stop it, last.
 */
export function startPostmaster(files: PostgresFiles, port: number): Promise<RunningProcess> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => running.forEach((child) => child.kill('SIGINT')));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(files.binDir, 'postgres'),
      ['-D', files.dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
      { ...files.runAs, env: CHILD_ENV, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    let ready = false;
    let recent = '';
    const exited = new Promise<string>((resolveExit) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        resolveExit(howItEnded(code, signal));
        if (!ready) reject(new Error(`PostgreSQL ended with ${howItEnded(code, signal)} before accepting connections: ${recent.trim()}`));
      });
    });
    child.on('error', reject);
    running.add(child);
    // Always drained: a full pipe would block PostgreSQL's logging, and with it PostgreSQL.
    child.stderr.on('data', (chunk: Buffer) => {
      if (ready) return;
      recent = (recent + chunk.toString('utf8')).slice(-2_000);
      if (recent.includes(READY)) {
        ready = true;
        resolve({
          exited,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
            await exited;
          },
        });
      }
    });
  });
}
