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
          // Browser tests use the built apps, and service tests the built server: both are built
          // once, before any test file starts.
          globalSetup: ['./browser/support/build-apps.ts', './service/support/build-server.ts'],
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', 'storage/**', 'cluster/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The same product on PostgreSQL: a throwaway server for the run (tests/storage/support);
          // skipped, saying so, where PostgreSQL is not installed; a failure under CI.
          name: 'tests-pg',
          root: './tests',
          // The kill test runs the built server, as a node's systemd unit does.
          globalSetup: [
            './browser/support/build-apps.ts',
            './service/support/build-server.ts',
            './storage/support/postgres-global-setup.ts',
          ],
          runner: './storage/support/postgres-runner.ts',
          env: { NUMEREK_TEST_DB: 'postgres' },
          include: [
            'storage/**/*.test.ts',
            'cluster/**/*.test.ts',
            // The API, flow, concurrency, idempotency, fuzz and authorization suites, as on SQLite.
            'api/**/*.test.ts',
            'security/http-access.test.ts',
            'security/revocation.test.ts',
            'security/priority-privacy.test.ts',
            'realtime/counter-answer.test.ts',
          ],
          // Backups on PostgreSQL are the database's own (pg_dump): storage/postgres-backup.test.ts.
          exclude: ['**/node_modules/**', 'api/backup.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
