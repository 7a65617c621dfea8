import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const RENDERER_TESTS = 'test/unit/renderer/**/*.test.ts';

export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: [RENDERER_TESTS] } },
      {
        // Renderer components and state classes: compiled by the Svelte plugin, run in a DOM
        // (happy-dom) against a fake bridge instead of the preload's window.roster.
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: [RENDERER_TESTS],
          environment: 'happy-dom',
          setupFiles: ['test/unit/renderer/setup.ts'],
        },
      },
    ],
  },
});
