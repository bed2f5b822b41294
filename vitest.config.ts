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
    ],
  },
});
