import type { WriteOptions, WriteQueue } from '../write-queue.ts';
import type { PostgresDb } from './postgres-db.ts';

/** Serialization failures and deadlocks: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;

/**
 * Writes on PostgreSQL: each write is its own transaction on its own connection, so writes run
 * side by side. A write with a `lock` first takes `pg_advisory_xact_lock` on it, held until its
 * commit or rollback: the writes of one office run one at a time (numbering and `next` see every
 * waiting ticket), while other offices' writes go on in parallel. The promise resolves after
 * COMMIT returned, so an answer is never sent for a change that is not stored.
 */
export class PostgresWriteQueue implements WriteQueue {
  private readonly rollbackListeners: Array<() => void> = [];
  private readonly commitListeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly db: PostgresDb) {}

  write<T>(fn: () => Promise<T> | T, opts: WriteOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the database is closing'));
    if (this.db.currentClient())
      return Promise.reject(new Error('a write cannot start inside another write'));
    const p = this.attempt(fn, opts, 1);
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }

  private async attempt<T>(fn: () => Promise<T> | T, opts: WriteOptions, n: number): Promise<T> {
    const client = await this.db.pool.connect();
    let value: T;
    try {
      await client.query('BEGIN');
      if (opts.lock) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [opts.lock]);
      value = await this.db.inTransaction(client, fn);
      await client.query('COMMIT');
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        // The connection broke; the server rolls the transaction back itself.
      }
      client.release();
      this.rolledBack();
      if (RETRYABLE.has(codeOf(error) ?? '') && n < ATTEMPTS) return this.attempt(fn, opts, n + 1);
      throw error;
    }
    client.release();
    for (const listener of this.commitListeners) listener();
    return value;
  }

  start(): void {
    // Nothing to keep: PostgreSQL checkpoints on its own.
  }

  async drain(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  private rolledBack(): void {
    for (const listener of this.rollbackListeners) listener();
  }
}
