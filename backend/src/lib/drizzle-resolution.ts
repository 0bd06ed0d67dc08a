import { registerHooks } from 'node:module';

/**
 * Imported first by every process entry point (server.ts, worker.ts, start.ts), before anything
 * resolves drizzle-orm. To learn a module's format, Node 24 reads its package scope's package.json
 * through getPackageScopeConfig, which spreads the lazily parsed `exports` into a new object and so
 * parses the whole map again for every module: drizzle-orm's package.json is 179 kB, mostly that map,
 * and the API loads a few hundred of its modules. That cost 0.45 s of CPU and left 230 MB of heap
 * behind (measured importing drizzle-orm, /pg-core and /node-postgres: 500 ms and +246 MB RSS
 * without this hook, 60–110 ms and +15 MB with it; README, "Start times").
 *
 * Inside drizzle-orm ("type": "module", no nested package.json), a relative import of a `.js` file
 * from a `.js` file is an ES module by Node's own rule, so it is answered here without the lookup.
 * Everything else resolves as before.
 */
const DRIZZLE = '/node_modules/drizzle-orm/';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    if (parent?.includes(DRIZZLE) && parent.endsWith('.js') && specifier.endsWith('.js') && (specifier.startsWith('./') || specifier.startsWith('../'))) {
      return { url: new URL(specifier, parent).href, format: 'module', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});
