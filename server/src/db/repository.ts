import type { SqlDb } from './sql.ts';

/**
 * Base of every repository: the only classes with SQL. Statements are written once, in the
 * subset both engines speak (see `sql.ts`); where an engine needs its own words, the repository
 * asks `this.db.engine`.
 */
export abstract class Repository {
  constructor(protected readonly db: SqlDb) {}
}

/** A repository that keeps database state in memory, to be dropped when a write is rolled back. */
export interface HoldsCache {
  forgetCached(): void;
}

/** Whether a repository keeps a cache (the composition drops it on every rollback). */
export function holdsCache(repo: object): repo is HoldsCache {
  return typeof (repo as Partial<HoldsCache>).forgetCached === 'function';
}
