import type Database from 'better-sqlite3';
import { loadMigrations, type Migration } from '../migrations.ts';

export const SQLITE_MIGRATIONS = new URL('./migrations/', import.meta.url);

/** Forward-only migrations: each runs once, in order, inside its own transaction. */
export function migrateSqlite(
  db: Database.Database,
  migrations: Migration[] = loadMigrations(SQLITE_MIGRATIONS),
): number[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
  );
  const done = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    })();
    applied.push(m.version);
  }
  return applied;
}
