import Database from 'better-sqlite3';
import type { Db, PostgresDb } from '@numerek/server';
import { SqliteDb } from '@numerek/server';
import { performance } from 'node:perf_hooks';

/**
 * Counts the SQL statements compiled while it is installed (`prepare` on any SQLite connection
 * of this process) and the time they took. The storage compiles each statement text once per
 * connection, so a statement compiled on every request is one whose text changes every time.
 * Diagnosis only: it wraps the driver in this process, not the server's code.
 */
export function prepareProbe() {
  const proto = Database.prototype;
  const original = proto.prepare;
  const stats = { calls: 0, ms: 0, sources: new Map<string, number>() };
  proto.prepare = function (this: Database.Database, source: string) {
    const started = performance.now();
    try {
      return original.call(this, source);
    } finally {
      stats.calls++;
      stats.ms += performance.now() - started;
      const key = source.replace(/\s+/g, ' ').trim().slice(0, 60);
      stats.sources.set(key, (stats.sources.get(key) ?? 0) + 1);
    }
  } as typeof original;
  return {
    stats,
    reset: () => {
      stats.calls = 0;
      stats.ms = 0;
      stats.sources.clear();
    },
    restore: () => {
      proto.prepare = original;
    },
  };
}

/** The SQLite connection under a test app, for what only SQLite does (pragmas, bulk loading). */
export function sqliteOf(db: Db): Database.Database {
  if (!(db instanceof SqliteDb)) throw new Error('this benchmark measures SQLite');
  return db.raw;
}

/**
 * Counts the statements this process sends to PostgreSQL while it is installed (`query` on any
 * connection of `db`'s driver): each is a round trip, BEGIN, locks, savepoints and COMMIT
 * included. Same shape as {@link prepareProbe}; `ms` is the time until each statement answered.
 */
export async function pgStatementProbe(db: PostgresDb) {
  const client = await db.pool.connect();
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
  client.release();
  const original = proto.query;
  const stats = { calls: 0, ms: 0, sources: new Map<string, number>() };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    stats.calls++;
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    stats.sources.set(key, (stats.sources.get(key) ?? 0) + 1);
    const result = original.apply(this, args);
    if (result instanceof Promise)
      void result.then(
        () => (stats.ms += performance.now() - started),
        () => undefined,
      );
    return result;
  };
  return {
    stats,
    reset: () => {
      stats.calls = 0;
      stats.ms = 0;
      stats.sources.clear();
    },
    restore: () => {
      proto.query = original;
    },
  };
}
