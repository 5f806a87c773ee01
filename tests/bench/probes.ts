import type { Db } from '@numerek/server';
import { performance } from 'node:perf_hooks';

/**
 * Counts the SQL statements compiled while it is installed (`db.prepare` calls) and the time
 * they took. A statement compiled on every request is CPU the server could save by preparing it
 * once. Diagnosis only: it wraps the connection object in this process, not the server's code.
 */
export function prepareProbe(db: Db) {
  const original = db.prepare.bind(db);
  const stats = { calls: 0, ms: 0, sources: new Map<string, number>() };
  db.prepare = ((source: string) => {
    const started = performance.now();
    try {
      return original(source);
    } finally {
      stats.calls++;
      stats.ms += performance.now() - started;
      const key = source.replace(/\s+/g, ' ').trim().slice(0, 60);
      stats.sources.set(key, (stats.sources.get(key) ?? 0) + 1);
    }
  }) as Db['prepare'];
  return {
    stats,
    reset: () => {
      stats.calls = 0;
      stats.ms = 0;
      stats.sources.clear();
    },
    restore: () => {
      db.prepare = original;
    },
  };
}
