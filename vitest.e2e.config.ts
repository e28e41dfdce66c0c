import { defineConfig } from 'vitest/config';

// End-to-end tests: real Kamailio, real Chromium, real WebRTC on loopback. One file at a time —
// the machine has two cores, and parallel browsers with live calls starve each other.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['tests/harness/e2e-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    restoreMocks: true,
  },
});
