import path from 'node:path';
import { checkPostgres } from './postgres/postgres-check.ts';
import { PostgresDb } from './postgres/postgres-db.ts';
import { PostgresWriteQueue } from './postgres/postgres-write-queue.ts';
import { migratePostgres } from './postgres/postgres-migrate.ts';
import { SqliteDb } from './sqlite/sqlite-db.ts';
import { migrateSqlite } from './sqlite/sqlite-migrate.ts';
import { SqliteWriteQueue } from './sqlite/sqlite-write-queue.ts';
import type { SqlDb } from './sql.ts';
import type { WriteQueue } from './write-queue.ts';

export type Db = SqlDb;
export type { SqlDb } from './sql.ts';
export { SqliteDb } from './sqlite/sqlite-db.ts';
export { PostgresDb } from './postgres/postgres-db.ts';
export { StorageError } from './postgres/postgres-check.ts';

/** Where the data lives: a SQLite file (the default), or a PostgreSQL database (`DATABASE_URL`). */
export type StorageTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

/**
 * Opens (creating if needed) the SQLite file in WAL mode with foreign keys on and
 * `synchronous = FULL`: a commit is on disk before the client hears about it, so an issued
 * ticket survives a power cut (decision 0001). Applies pending migrations.
 */
export function openDatabase(file: string): SqliteDb {
  const db = new SqliteDb(file);
  // An upgrade's migrations run only after the data is copied to DATA_DIR/backups.
  const backupDir = file === ':memory:' ? undefined : path.join(path.dirname(file), 'backups');
  migrateSqlite(db.raw, undefined, backupDir ? { backupDir } : {});
  return db;
}

/**
 * Opens either engine and applies its pending migrations (on PostgreSQL under an advisory lock,
 * so that two starting processes never both migrate). Refuses with a `StorageError` naming what
 * is wrong (see `postgres/postgres-check.ts`).
 */
export async function connectDatabase(target: StorageTarget): Promise<SqlDb> {
  if (target.engine === 'sqlite') return openDatabase(target.file);
  await checkPostgres(target.url);
  const db = new PostgresDb(target.url);
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** The write queue that suits the engine. */
export function createWriteQueue(db: SqlDb): WriteQueue {
  if (db instanceof SqliteDb) return new SqliteWriteQueue(db);
  if (db instanceof PostgresDb) return new PostgresWriteQueue(db);
  throw new Error(`no write queue for ${db.engine}`);
}
