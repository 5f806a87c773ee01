import {
  findPostgresBinaries,
  startPostgres,
  TEST_POSTGRES_BIN_VARIABLE,
  TEST_POSTGRES_URL_VARIABLE,
} from '@numerek/server/testing/postgres';

/**
 * Vitest global setup of the `tests-pg` project: one throwaway PostgreSQL server for the whole
 * run, its address passed to the test files in NUMEREK_TEST_PG_URL, stopped and removed at the
 * end. Where no PostgreSQL is installed the project's tests are skipped, and this says so; under
 * CI a missing PostgreSQL fails the run (`.ci/run` installs it).
 */
export default async function postgresForTests(): Promise<(() => Promise<void>) | undefined> {
  delete process.env[TEST_POSTGRES_URL_VARIABLE];
  if (!findPostgresBinaries()) {
    const why = 'no PostgreSQL server programs (initdb, pg_ctl, postgres) on PATH or in /usr/lib/postgresql';
    if (process.env.CI === 'true') throw new Error(`CI needs PostgreSQL for the tests-pg project: ${why}`);
    process.stdout.write(
      `\n  tests-pg: SKIPPED, ${why}. Install Debian's postgresql package to run them.\n\n`,
    );
    return undefined;
  }
  const started = Date.now();
  const server = await startPostgres();
  process.env[TEST_POSTGRES_URL_VARIABLE] = server.adminUrl;
  process.env[TEST_POSTGRES_BIN_VARIABLE] = server.binDir;
  process.stdout.write(
    `\n  tests-pg: PostgreSQL from ${server.binDir} on 127.0.0.1:${server.port} (ready in ${Date.now() - started} ms)\n\n`,
  );
  return () => server.stop();
}
