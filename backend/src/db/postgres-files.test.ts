import { spawnSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readlink, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePostgresFiles } from './postgres-files.js';

const asRoot = process.getuid?.() === 0;

/**
 * Root in a private folder (like /root, mode 700): PostgreSQL runs as `postgres`, who can enter
 * neither the binaries nor the data folder there. Needs root, as `npm start` there does.
 */
describe.skipIf(!asRoot)('preparePostgresFiles as root in a private folder', () => {
  let scratch: string;
  let nativeDir: string;
  let sharedDir: string;
  const logs: string[] = [];

  /** Runs a command as the postgres user, as PostgreSQL will. */
  const asPostgres = (command: string, args: string[]) => {
    const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString());
    const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString());
    return spawnSync(command, args, { uid, gid });
  };

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'innkeeper-files-'));
    await chmod(scratch, 0o755);
    const project = path.join(scratch, 'private', 'project');
    await mkdir(project, { recursive: true });
    await chmod(path.join(scratch, 'private'), 0o700);
    // A stand-in for the package's native folder: a `postgres` that answers --version.
    nativeDir = path.join(project, 'node_modules', 'binaries', 'native');
    await mkdir(path.join(nativeDir, 'bin'), { recursive: true });
    await writeFile(path.join(nativeDir, '..', 'package.json'), JSON.stringify({ version: '1.2.3' }));
    await writeFile(path.join(nativeDir, 'bin', 'postgres'), '#!/bin/sh\necho "postgres (PostgreSQL) 18"\n', { mode: 0o755 });
    sharedDir = path.join(scratch, 'shared');
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('runs PostgreSQL from a copy of the binaries, with its data in a folder postgres owns, linked from the project', async () => {
    const dataDir = path.join(scratch, 'private', 'project', '.data', 'postgres');
    expect(asPostgres(path.join(nativeDir, 'bin', 'postgres'), ['--version']).error).toMatchObject({ code: 'EACCES' });

    const files = await preparePostgresFiles({ nativeDir, dataDir, sharedDir, log: (message) => logs.push(message) });

    expect(files.binDir).toBe(path.join(sharedDir, 'postgres-1.2.3', 'bin'));
    expect(asPostgres(path.join(files.binDir, 'postgres'), ['--version']).stdout.toString()).toContain('PostgreSQL');
    expect(path.dirname(files.dataDir)).toBe(path.join(sharedDir, 'data'));
    expect((await stat(files.dataDir)).uid).toBe(files.runAs!.uid);
    expect(asPostgres('test', ['-w', files.dataDir]).status).toBe(0);
    expect((await lstat(dataDir)).isSymbolicLink()).toBe(true);
    expect(await readlink(dataDir)).toBe(files.dataDir);
    expect(logs.join('\n')).toContain(`its data is in ${files.dataDir}`);

    // The next start finds the same places and copies nothing again.
    logs.length = 0;
    const again = await preparePostgresFiles({ nativeDir, dataDir, sharedDir, log: (message) => logs.push(message) });
    expect(again).toEqual(files);
  });

  it('leaves a data folder postgres can reach where it is', async () => {
    const dataDir = path.join(scratch, 'open', '.data', 'postgres');
    const files = await preparePostgresFiles({ nativeDir, dataDir, sharedDir, log: () => undefined });
    expect(files.dataDir).toBe(dataDir);
    expect((await stat(dataDir)).uid).toBe(files.runAs!.uid);
  });

  it('stops with one sentence when existing data sits where postgres cannot reach it', async () => {
    const dataDir = path.join(scratch, 'private', 'old', 'postgres');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'PG_VERSION'), '18\n');
    await expect(preparePostgresFiles({ nativeDir, dataDir, sharedDir, log: () => undefined })).rejects.toThrow(
      `PostgreSQL runs as the postgres user, who cannot reach its data in ${dataDir}; move the project to a folder it can enter, set DATA_DIR to one, or set DATABASE_URL.`,
    );
  });
});
