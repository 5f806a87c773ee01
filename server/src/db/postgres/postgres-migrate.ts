import { loadMigrations, type Migration } from '../migrations.ts';
import type { PostgresDb } from './postgres-db.ts';

export const POSTGRES_MIGRATIONS = new URL('./migrations/', import.meta.url);

/** The session-level advisory lock held while migrating: a second process waits, then finds nothing to do. */
const MIGRATION_LOCK = 'numerek:migrations';

/**
 * Forward-only migrations on PostgreSQL, each in its own transaction, all under one advisory lock
 * held on a dedicated connection, so two processes starting together never both migrate.
 */
export async function migratePostgres(
  db: PostgresDb,
  migrations: Migration[] = loadMigrations(POSTGRES_MIGRATIONS),
): Promise<number[]> {
  const client = await db.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`,
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) =>
        Number(r.version),
      ),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          Date.now(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
