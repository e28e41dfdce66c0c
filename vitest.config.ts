import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

// Unit and component tests: WXT's fake browser, happy-dom, fake-indexeddb. They sit beside the
// code they test (*.test.ts[x]); the end-to-end suite has its own config.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['{lib,adapters,components,entrypoints,tests/unit}/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', 'tests/unit/setup.ts'],
    restoreMocks: true,
  },
});
