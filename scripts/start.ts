import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildChanged } from './build.ts';

/**
 * `npm start`. Outside production it first builds what changed (build.ts), then runs the compiled
 * start script, backend/dist/start.js, in this process. With NODE_ENV=production it builds nothing:
 * the output of `npm run build` runs as it is, and no build tool need be installed.
 */
const entry = path.resolve(import.meta.dirname, '..', 'backend', 'dist', 'start.js');
if (process.env.NODE_ENV !== 'production') await buildChanged();
else if (!existsSync(entry)) {
  console.error('[innkeeper] backend/dist/start.js is missing: run `npm run build` first (it needs the development packages).');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
