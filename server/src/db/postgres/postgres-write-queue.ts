import type pg from 'pg';
import type { Read, WriteOptions, WriteQueue } from '../write-queue.ts';
import { sqlLiteral, type PgClient, type PostgresDb } from './postgres-db.ts';

/** Serialization failures and deadlocks: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;
/** At most this many writes of one lock share a transaction. */
const MAX_BATCH = 64;

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;

interface Pending {
  fn: () => unknown;
  lockedRead: string | undefined;
  prefetch: readonly Read[] | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Writes on PostgreSQL. A write with a `lock` (an office's queue) waits in this process's queue
 * for that lock, without holding a connection; the writes queued for one lock then run together
 * in one transaction, each in its own savepoint, after `pg_advisory_xact_lock` on the lock, held
 * until COMMIT: the writes of one office run one at a time on every process (numbering and `next`
 * see every waiting ticket), they share one commit, and other offices' writes go on in parallel
 * on other connections. A write that throws rolls back only its savepoint. A write without a lock
 * is its own transaction. Promises resolve after COMMIT returned, so an answer is never sent for
 * a change that is not stored.
 */
export class PostgresWriteQueue implements WriteQueue {
  private readonly rollbackListeners: Array<() => void> = [];
  private readonly commitListeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Writes waiting per lock, and whether a batch of that lock is running. */
  private readonly queues = new Map<string, { pending: Pending[]; running: boolean }>();
  private closed = false;

  constructor(private readonly db: PostgresDb) {}

  write<T>(fn: () => Promise<T> | T, opts: WriteOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the database is closing'));
    if (this.db.currentClient())
      return Promise.reject(new Error('a write cannot start inside another write'));
    const p = opts.lock ? this.enqueue(opts.lock, fn, opts) : this.single(fn, 1);
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }

  private enqueue<T>(lock: string, fn: () => Promise<T> | T, opts: WriteOptions): Promise<T> {
    let queue = this.queues.get(lock);
    if (!queue) {
      queue = { pending: [], running: false };
      this.queues.set(lock, queue);
    }
    const q = queue;
    return new Promise<T>((resolve, reject) => {
      q.pending.push({
        fn,
        lockedRead: opts.lockedRead,
        prefetch: opts.prefetch,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      if (!q.running) void this.drainLock(lock, q);
    });
  }

  private async drainLock(lock: string, q: { pending: Pending[]; running: boolean }): Promise<void> {
    q.running = true;
    try {
      while (q.pending.length) {
        const batch = q.pending.splice(0, MAX_BATCH);
        await this.runBatch(lock, batch, 1);
      }
    } finally {
      q.running = false;
      if (!q.pending.length) this.queues.delete(lock);
    }
  }

  private async runBatch(lock: string, batch: Pending[], attempt: number, prefetching = true): Promise<void> {
    let client: PgClient;
    try {
      client = await this.db.pool.connect();
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    const results: Result[] = [];
    /** The COMMIT of a batch of one write, sent behind that write's last statements. */
    let committing: Promise<unknown> | null = null;
    try {
      // One round trip: BEGIN, the office's lock (a literal, quoted, so both go as one query) and
      // the read the batch's first write asked to make under the lock; the reads it said it will
      // make first go right behind, without waiting.
      const read = batch[0]?.lockedRead;
      const beginning = client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(hashtext(${sqlLiteral(lock)}))${read ? `; ${read}` : ''}`,
      ) as unknown as Promise<pg.QueryResult[]>;
      beginning.catch(() => undefined);
      const prefetched = prefetching ? this.db.prefetch(client, batch[0]?.prefetch ?? []) : [];
      const began = await beginning;
      // A read that failed left the transaction aborted: the batch runs again without them.
      const fetched = await Promise.allSettled(prefetched.map((p) => p.rows));
      if (fetched.some((f) => f.status === 'rejected')) throw new Refetch();
      this.db.transactionBoundary(client, true, read ? began[2]?.rows[0] : undefined, prefetched);
      // Each write of a batch runs after a savepoint; releasing the last write's savepoint and
      // setting the next one go together, and COMMIT releases the last.
      let savepoint: 'none' | 'fresh' | 'used' = 'none';
      for (const p of batch) {
        if (batch.length > 1) {
          if (savepoint === 'none') await client.query('SAVEPOINT w');
          else if (savepoint === 'used') await client.query('RELEASE SAVEPOINT w; SAVEPOINT w');
          savepoint = 'used';
        }
        try {
          const value = await this.db.inTransaction(client, p.fn);
          if (batch.length === 1) {
            // The only write: COMMIT goes right behind what it sent without waiting, in the same
            // round trip. If one of those failed, the transaction is aborted and PostgreSQL ends
            // it with a rollback at that COMMIT; the write fails as it would have at its end.
            committing = client.query('COMMIT');
            committing.catch(() => undefined);
          }
          // A change the write sent without waiting fails the write, not the next one.
          await this.db.settle(client);
          results.push({ ok: true, value });
        } catch (error) {
          if (committing) await committing.catch(() => undefined);
          if (RETRYABLE.has(codeOf(error) ?? '')) throw error;
          if (batch.length > 1) {
            // The savepoint stays, as it was before this write: the next write runs after it.
            await client.query('ROLLBACK TO SAVEPOINT w');
            this.db.rolledBackToSavepoint(client);
            savepoint = 'fresh';
          } else {
            throw new Single(error);
          }
          this.rolledBack();
          results.push({ ok: false, error });
        }
      }
      await (committing ?? client.query('COMMIT'));
      this.db.transactionBoundary(client, false);
    } catch (error) {
      this.db.transactionBoundary(client, false);
      if (!committing) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      this.rolledBack();
      if (error instanceof Single) {
        batch[0]?.reject(error.cause);
        return;
      }
      if (error instanceof Refetch) return this.runBatch(lock, batch, attempt, false);
      if (RETRYABLE.has(codeOf(error) ?? '') && attempt < ATTEMPTS)
        return this.runBatch(lock, batch, attempt + 1);
      for (const p of batch) p.reject(error);
      return;
    }
    client.release();
    for (const listener of this.commitListeners) listener();
    batch.forEach((p, i) => {
      const r = results[i];
      if (r?.ok) p.resolve(r.value);
      else p.reject(r?.error);
    });
  }

  private async single<T>(fn: () => Promise<T> | T, attempt: number): Promise<T> {
    const client = await this.db.pool.connect();
    let value: T;
    let committing: Promise<unknown> | null = null;
    try {
      await client.query('BEGIN');
      this.db.transactionBoundary(client, true);
      value = await this.db.inTransaction(client, fn);
      // COMMIT right behind what the write sent without waiting (see runBatch).
      committing = client.query('COMMIT');
      committing.catch(() => undefined);
      await this.db.settle(client).catch(async (error: unknown) => {
        await committing?.catch(() => undefined);
        throw error;
      });
      await committing;
      this.db.transactionBoundary(client, false);
    } catch (error) {
      this.db.transactionBoundary(client, false);
      if (!committing) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      this.rolledBack();
      if (RETRYABLE.has(codeOf(error) ?? '') && attempt < ATTEMPTS) return this.single(fn, attempt + 1);
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

/** The one write of a batch failed: it alone is rejected, without a retry. */
class Single extends Error {
  constructor(override readonly cause: unknown) {
    super('write failed');
  }
}

/** A read sent with BEGIN failed: the batch runs again, reading as it goes. */
class Refetch extends Error {
  constructor() {
    super('a prefetched read failed');
  }
}
