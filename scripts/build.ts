import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `npm run build`, and the first step of `npm start` outside production: the web app (Vite, into
 * web/dist), the API, worker and start script (tsc, into backend/dist) and the mock servers (tsc,
 * into mocks/dist). Each is built only when its inputs changed since its last build or its output
 * is gone: a SHA-256 of the inputs is kept in node_modules/.cache (not in the output, which the API
 * may serve; a fresh install builds again), so a start with nothing changed spends a few tens of
 * milliseconds here instead of the builds' seconds (README, "Start times").
 */
const root = path.resolve(import.meta.dirname, '..');

interface Target {
  workspace: 'web' | 'backend' | 'mocks';
  output: string;
  /** Files and folders whose content makes the output; folders are read whole but for `skip`. */
  inputs: string[];
}

// Lock file and base settings change every output: new package versions, new compiler options.
const common = ['package-lock.json', 'tsconfig.base.json'];
const targets: Target[] = [
  { workspace: 'web', output: 'web/dist', inputs: [...common, 'web/package.json', 'web/tsconfig.json', 'web/vite.config.ts', 'web/index.html', 'web/src', 'backend/src/domain/realtime-event-types.ts'] },
  { workspace: 'backend', output: 'backend/dist', inputs: [...common, 'backend/package.json', 'backend/tsconfig.json', 'backend/tsconfig.build.json', 'backend/src'] },
  { workspace: 'mocks', output: 'mocks/dist', inputs: [...common, 'mocks'] },
];

/** Never part of an output: installed packages, outputs, the vendors' specifications (tests read them) and tests. */
const skip = (name: string) => ['node_modules', 'dist', 'vendor-specs'].includes(name) || /\.test\.tsx?$/.test(name);
const stamps = path.join(root, 'node_modules', '.cache', 'innkeeper-build');

async function files(entry: string): Promise<string[]> {
  const children = await readdir(path.join(root, entry), { withFileTypes: true }).catch(() => null);
  if (!children) return [entry];
  const nested = await Promise.all(children.filter((child) => !skip(child.name)).map((child) => files(path.join(entry, child.name))));
  return nested.flat();
}

/** SHA-256 over every input file's path and content, in a stable order. */
async function inputsHash(target: Target): Promise<string> {
  const paths = (await Promise.all(target.inputs.map(files))).flat().sort();
  const hash = createHash('sha256');
  for (const file of paths) hash.update(`${file}\0`).update(await readFile(path.join(root, file))).update('\0');
  return hash.digest('hex');
}

function run(workspace: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--workspace', workspace], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the ${workspace} build ended with code ${code}`))));
  });
}

/** Builds the outputs whose inputs changed, side by side (tsc and Vite use one core each). */
export async function buildChanged(): Promise<void> {
  const started = performance.now();
  const built = await Promise.all(
    targets.map(async (target) => {
      const stamp = path.join(stamps, `${target.workspace}.sha256`);
      const hash = await inputsHash(target);
      if (existsSync(path.join(root, target.output)) && (await readFile(stamp, 'utf8').catch(() => '')) === hash) return null;
      // Gone until the build succeeds, so an interrupted build is never taken for a current one.
      await rm(stamp, { force: true });
      await run(target.workspace);
      await mkdir(stamps, { recursive: true });
      await writeFile(stamp, hash);
      return target.workspace;
    }),
  );
  const names = built.filter((name) => name !== null);
  const took = `${Math.round(performance.now() - started)} ms`;
  console.log(`[innkeeper] build: ${names.length ? `built ${names.join(', ')}` : 'web, backend and mocks unchanged'} (${took})`);
}

if (import.meta.main) await buildChanged();
