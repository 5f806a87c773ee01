import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadMigrations, type Migration } from '../migrations.ts';

export const SQLITE_MIGRATIONS = new URL('./migrations/', import.meta.url);

/**
 * Forward-only migrations: each runs once, in order, inside its own transaction. With
 * `backupDir`, a database that already holds data is first copied there whole (`VACUUM INTO`,
 * `numerek-before-migration-<version>-<time>.sqlite`), so that an upgrade can be undone by
 * restoring the copy with the previous version.
 */
export function migrateSqlite(
  db: Database.Database,
  migrations: Migration[] = loadMigrations(SQLITE_MIGRATIONS),
  opts: { backupDir?: string; now?: number } = {},
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
  const pending = migrations.filter((m) => !done.has(m.version));
  if (opts.backupDir && done.size && pending[0])
    backupBeforeMigration(db, opts.backupDir, pending[0], opts.now);
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

/** Copies the whole database into `dir` before `next` runs; returns the copy's path. */
function backupBeforeMigration(
  db: Database.Database,
  dir: string,
  next: Migration,
  now = Date.now(),
): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(now)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
  const file = path.join(
    dir,
    `numerek-before-migration-${String(next.version).padStart(4, '0')}-${stamp}.sqlite`,
  );
  db.prepare('VACUUM INTO ?').run(file);
  return file;
}
