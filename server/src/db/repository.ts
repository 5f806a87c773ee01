import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';

/**
 * Base of every repository: `sql(...)` prepares a statement once and reuses it, so a hot path
 * (issuing, `next`) never compiles SQL twice.
 */
export abstract class Repository {
  private readonly statements = new Map<string, Statement>();

  constructor(protected readonly db: Db) {}

  // Generic parameters mirror better-sqlite3's own `prepare` signature.
  protected sql<P extends unknown[] | object = unknown[], R = unknown>(source: string): Statement<P, R> {
    let stmt = this.statements.get(source);
    if (!stmt) {
      stmt = this.db.prepare(source);
      this.statements.set(source, stmt);
    }
    return stmt as unknown as Statement<P, R>;
  }
}

/** A repository that keeps database state in memory, to be dropped when a write is rolled back. */
export interface HoldsCache {
  forgetCached(): void;
}

/** Whether a repository keeps a cache (the composition drops it on every rollback). */
export function holdsCache(repo: object): repo is HoldsCache {
  return typeof (repo as Partial<HoldsCache>).forgetCached === 'function';
}
