import Database from 'better-sqlite3';
import type { Db } from '@numerek/server';
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
