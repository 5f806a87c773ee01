import type { SqlDb } from './sql.ts';

/**
 * Base of every repository: the only classes with SQL. Statements are written once, in the
 * subset both engines speak (see `sql.ts`); where an engine needs its own words, the repository
 * asks `this.db.engine`.
 */
export abstract class Repository {
  constructor(protected readonly db: SqlDb) {}
}

/**
 * What may have changed behind a cache's back (another node's write, see Outbox.onBehind). With
 * no scope (a rolled-back write, a gap in the facts) everything kept is dropped.
 */
export interface CacheScope {
  /** The office whose data changed. */
  officeId: string;
  /**
   * Only the office's queue changed (tickets, counters, print jobs, printer states: see
   * QUEUE_FACTS): what is kept of people, sessions and devices is still current.
   */
  queueOnly: boolean;
}

/** A repository that keeps database state in memory, to be dropped when it may be out of date. */
export interface HoldsCache {
  forgetCached(scope?: CacheScope): void;
}

/** Whether a repository keeps a cache (the composition drops it on every rollback). */
export function holdsCache(repo: object): repo is HoldsCache {
  return typeof (repo as Partial<HoldsCache>).forgetCached === 'function';
}
