import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Integration files each get their own database, so they can run side by side.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
