import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = import.meta.dirname;
/** Test code (tests and the contract suites they run) may drive the mock servers; nothing else may. */
const isTestCode = (file: string) => /\.(test|contract)\.ts$/.test(file);

describe('the API and worker stand alone', () => {
  it('import nothing from mocks/ (a production build carries no mocks)', async () => {
    const files = (await readdir(src, { recursive: true })).filter((file) => file.endsWith('.ts') && !isTestCode(file));
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(src, file), 'utf8');
      if (/from '(\.\.\/)+mocks\/|import\('(\.\.\/)+mocks\//.test(text)) offenders.push(file);
    }
    expect(files.length).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
