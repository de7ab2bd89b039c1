import { defineConfig } from 'vitest/config';

// One DynamoDB Local per run (test/support/global-setup.ts); each test file makes its own table.
// The `broker` CLI is bundled first (test/support/build-cli.ts): its tests spawn the compiled bin.
export default defineConfig({
  test: {
    globalSetup: ['test/support/build-cli.ts', 'test/support/global-setup.ts'],
    reporters: ['default', './test/support/count-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      // One suite per port, run against the in-memory double and the DynamoDB adapter (DynamoDB Local).
      { extends: true, test: { name: 'contract', include: ['test/contract/**/*.test.ts'] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
