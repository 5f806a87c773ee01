import { PostgresDb } from '@numerek/server';
import {
  findPostgresBinaries,
  startPostgres,
  TEST_POSTGRES_URL_VARIABLE,
  type PostgresServer,
} from '@numerek/server/testing/postgres';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL server for the benchmarks, or null (with the reason) when this machine
 * has no PostgreSQL. Unlike the tests' server it commits durably (`fsync = on`) and keeps its
 * cluster in the temporary folder on disk, where the SQLite benchmarks keep their files, never in
 * memory (`/dev/shm`), where an fsync costs nothing.
 */
export async function startBenchPostgres(): Promise<{ server: PostgresServer } | { skipped: string }> {
  if (!findPostgresBinaries())
    return {
      skipped:
        'no PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine; install PostgreSQL 15 or newer (Debian: apt-get install postgresql) to measure it',
    };
  return { server: await startPostgres({ fsync: true, parent: tmpdir() }) };
}

/**
 * Runs `fn` with the test app (`createTestApp`) making its databases on `serverUrl`, as the
 * `tests-pg` project does, and puts the variables back afterwards.
 */
export async function onTestPostgres<T>(serverUrl: string, fn: () => Promise<T>): Promise<T> {
  const saved = { db: process.env.NUMEREK_TEST_DB, url: process.env[TEST_POSTGRES_URL_VARIABLE] };
  process.env.NUMEREK_TEST_DB = 'postgres';
  process.env[TEST_POSTGRES_URL_VARIABLE] = serverUrl;
  try {
    return await fn();
  } finally {
    if (saved.db === undefined) delete process.env.NUMEREK_TEST_DB;
    else process.env.NUMEREK_TEST_DB = saved.db;
    if (saved.url === undefined) delete process.env[TEST_POSTGRES_URL_VARIABLE];
    else process.env[TEST_POSTGRES_URL_VARIABLE] = saved.url;
  }
}

/**
 * Turns waiting for the WAL flush at COMMIT off or back on for every session of the server
 * (`synchronous_commit`, reloaded at once): what `next` costs without the disk, for comparison.
 */
export async function setPgSynchronousCommit(serverUrl: string, on: boolean): Promise<void> {
  const db = new PostgresDb(serverUrl, { max: 1 });
  try {
    await db.exec(`ALTER SYSTEM SET synchronous_commit = ${on ? 'on' : 'off'}`);
    await db.exec('SELECT pg_reload_conf()');
  } finally {
    await db.close();
  }
  // Sessions apply a reload when they next read a command: give the postmaster time to signal them.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/**
 * CPU seconds (user + system) used so far by the PostgreSQL server's processes: the postmaster,
 * every process it started (backends, WAL writer, checkpointer) and those that ended. Linux only;
 * null elsewhere.
 */
export function pgCpuSeconds(server: PostgresServer): number | null {
  try {
    const pidFile = readFileSync(path.join(server.dir, 'data', 'postmaster.pid'), 'utf8');
    const postmaster = Number(pidFile.split('\n')[0]);
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command name: ppid is field 4 (index 1), utime and stime fields 14 and 15
      // (indexes 11, 12), and the postmaster's children that ended, cutime and cstime (13, 14).
      if (Number(entry) === postmaster)
        ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      else if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

/** Seconds a thread has waited for a core while ready to run (Linux schedstat); null elsewhere. */
export function runQueueSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return null;
  }
}

/**
 * Seconds the PostgreSQL server's running processes (the postmaster and its children) have
 * waited for a core while ready to run, summed; null where Linux's schedstat is missing.
 */
export function pgRunQueueSeconds(server: PostgresServer): number | null {
  try {
    const postmaster = Number(
      readFileSync(path.join(server.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    let seconds = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (Number(entry) !== postmaster && ppid !== postmaster) continue;
        seconds += runQueueSeconds(Number(entry)) ?? 0;
      } catch {
        // ended meanwhile
      }
    }
    return seconds;
  } catch {
    return null;
  }
}
