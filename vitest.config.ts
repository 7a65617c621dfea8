import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The e2e suites poll a real window while other suites load both cores: wait generously.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    reporters: ['default'],
    alias: {
      // The e2e suite runs the real main process against the Chromium stand-in for Electron.
      electron: resolve(import.meta.dirname, 'test/electron-shim/index.ts'),
    },
  },
});
