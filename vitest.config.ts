import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/sandbox-image.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Real Docker and real sandboxes: keep files sequential so limits and timings are honest.
          fileParallelism: false,
        },
      },
      {
        test: {
          // The real renderer in Debian's Chromium against the real core services (test/e2e/bridge.ts).
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/sandbox-image.ts', 'test/setup/renderer-build.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The built desktop app under Playwright's _electron: skipped where the Electron binary is missing.
          name: 'electron',
          include: ['test/electron/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
