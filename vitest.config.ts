import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests bind real loopback ports and real SQLite files; two cores only.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Svelte components in a DOM (jsdom); the real-Chromium tests are in tests/e2e.
        plugins: [svelte({ configFile: resolve('svelte.config.js') }), svelteTesting()],
        test: {
          name: 'renderer',
          include: ['tests/renderer/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
      {
        // The built renderer in Debian's Chromium with window.ecr bridged to a real core (tests/e2e/bridge.ts).
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
