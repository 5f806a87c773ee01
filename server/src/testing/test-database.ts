import path from 'node:path';
import type { StorageTarget } from '../db/database.ts';
import { newDatabase } from './postgres-server.ts';

/** Which engine a test run uses: `NUMEREK_TEST_DB=postgres` (the `tests-pg` project sets it), else SQLite. */
export type TestEngine = StorageTarget['engine'];

export function testEngine(): TestEngine {
  const chosen = process.env.NUMEREK_TEST_DB ?? 'sqlite';
  if (chosen !== 'sqlite' && chosen !== 'postgres')
    throw new Error(`NUMEREK_TEST_DB=${JSON.stringify(chosen)}: expected "sqlite" or "postgres"`);
  return chosen;
}

/**
 * Where a test's data lives: a SQLite file in `dir`, or, when the run is on PostgreSQL, a new
 * database (a copy of the migrated template) on the run's throwaway server.
 */
export async function testDatabaseTarget(dir: string): Promise<StorageTarget> {
  if (testEngine() === 'postgres') return { engine: 'postgres', url: await newDatabase() };
  return { engine: 'sqlite', file: path.join(dir, 'numerek.sqlite') };
}
