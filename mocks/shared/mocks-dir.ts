import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The mocks package folder (the one with its package.json), the same whether this file runs as
 * TypeScript (mocks/shared) or compiled (mocks/dist/shared), so files that are not code
 * (Stripe.js, the demo data) are found from both.
 */
export const mocksDir = (() => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error('mocks/package.json not found above mocks/shared');
})();
