import { defineConfig } from 'vitest/config';

// One project per workspace; `npm test` runs them all. Unit tests sit beside the code,
// flows across packages live in tests/.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      { test: { name: 'hardware', root: './hardware', include: ['src/**/*.test.ts'] } },
      { test: { name: 'kiosk', root: './kiosk', include: ['src/**/*.test.ts'] } },
      { test: { name: 'display', root: './display', include: ['src/**/*.test.ts'] } },
      { test: { name: 'counter', root: './counter', include: ['src/**/*.test.ts'] } },
      { test: { name: 'print-agent', root: './print-agent', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'tests',
          root: './tests',
          // Browser tests use the built apps: build them once, before any test file starts.
          globalSetup: ['./browser/support/build-apps.ts'],
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
