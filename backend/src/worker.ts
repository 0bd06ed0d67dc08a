// First, so that drizzle-orm resolves through it (lib/drizzle-resolution.ts); the static imports of
// a module are all resolved before any of them runs, hence the dynamic import of the process itself.
import './lib/drizzle-resolution.js';

await import('./worker-main.js');
