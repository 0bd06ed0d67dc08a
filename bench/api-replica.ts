/**
 * One Innkeeper API process for the benchmarks: the compiled server, `backend/dist/server.js`, run
 * as `npm start` and the container run it (plain Node, no tsx loader), on the database it is told
 * and a free port. Its CPU time and memory are read from /proc, as `ps` would (Linux).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { waitUntilHealthy } from '../backend/src/ready-line.js';
import { freePort } from '../backend/test/scratch-database.js';
import type { BenchProcess, ProcessStats } from './bench-process.js';

export interface ApiReplica extends Pick<BenchProcess, 'stats' | 'stop'> {
  url: string;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const serverEntry = fileURLToPath(new URL('../backend/dist/server.js', import.meta.url));
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Builds what changed (as `npm start` does), once per benchmark run. */
let built = false;
function buildOnce() {
  if (built) return;
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
  built = true;
}

/** `VmHWM` and `VmRSS` (kB) and utime + stime of a running process. */
async function procStats(pid: number): Promise<ProcessStats> {
  const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')]);
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
  // The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the line.
  const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(after[11]) + Number(after[12]);
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/** Starts an API process on `databaseUrl`. Replicas of one run share `encryptionKey`, as a deployment's do. */
export async function forkApiReplica(options: { databaseUrl: string; encryptionKey: string; poolSize?: number }): Promise<ApiReplica> {
  buildOnce();
  const port = await freePort();
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      INTEGRATIONS_ENCRYPTION_KEY: options.encryptionKey,
      ...(options.poolSize && { DATABASE_POOL_SIZE: String(options.poolSize) }),
    },
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  if (!(await waitUntilHealthy(`${url}/health`, exited))) throw new Error('the API process exited before answering /health');
  return {
    url,
    stats: () => procStats(child.pid!),
    async stop() {
      if (exited()) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
