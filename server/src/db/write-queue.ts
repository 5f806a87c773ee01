import type { SqlParams } from './sql.ts';

/**
 * Every change to the database goes through `write(fn)`: `fn` runs inside one transaction and its
 * promise resolves only after the commit, so a client is never told "done" before the change is
 * durable. A `fn` that throws writes nothing and rejects only its own promise.
 *
 * `lock` names what the write must not run beside: writes with the same lock run one after the
 * other (the queue's office lock makes `next` and numbering atomic), writes with different locks
 * may run at the same time. On SQLite every write is serialised anyway (group commit); on
 * PostgreSQL the lock is a transaction-scoped advisory lock, so offices never wait for each other.
 */
export interface WriteOptions {
  /** For example `office:<id>`: the writes of one office run one at a time. */
  lock?: string;
  /**
   * PostgreSQL, with a `lock`: a read of literals only (no parameters), sent in the same round trip
   * as BEGIN and the lock, once per transaction; the write finds its first row with
   * `PostgresDb.lockedRow()`. SQLite ignores it.
   */
  lockedRead?: string;
  /**
   * PostgreSQL, with a `lock`: reads the write will make before it changes anything, sent right
   * behind BEGIN and the lock without waiting, so their answers come with the lock's; the first
   * write of the transaction that then reads the same text with the same parameters, before any
   * change, takes that answer. SQLite ignores it.
   */
  prefetch?: readonly Read[];
  /**
   * Filled once the write has committed: per office, the stream number of the write's last fact
   * (see Outbox). An office the write recorded no fact of is absent.
   */
  receipt?: Map<string, number>;
}

/** A read as a repository makes it: its SQL text and parameters. */
export interface Read {
  sql: string;
  params?: SqlParams;
}

export interface WriteQueue {
  write<T>(fn: () => Promise<T> | T, opts?: WriteOptions): Promise<T>;
  /**
   * Called whenever a write was rolled back, so that in-memory copies of database state (the
   * waiting-ticket index) can drop what may no longer be true.
   */
  onRollback(listener: () => void): void;
  /**
   * Called after every commit, before any writer hears of it, so that copies of what the
   * database holds (the displays' snapshots) are never served after a change. Returns a function
   * that stops the calls.
   */
  onCommit(listener: () => void): () => void;
  /** Starts housekeeping (SQLite's quiet-time checkpoints). */
  start(): void;
  /** Finishes what is queued and stops housekeeping; later writes are refused. */
  drain(): Promise<void>;
}

/** The lock of an office's queue: issuing, calling and every move of its tickets. */
export const officeLock = (officeId: string): string => `office:${officeId}`;
