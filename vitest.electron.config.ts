import { defineConfig } from 'vitest/config';

// tests/electron/: the tests that need the Electron binary (`npm run test:electron`).
export default defineConfig({
  test: {
    include: ['tests/electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    maxWorkers: 1,
  },
});
