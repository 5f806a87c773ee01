import type { Db } from './database.ts';

interface Pending {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Every change to the database goes through `write(fn)`: the functions queued in
 * one turn of the event loop run in one transaction, each inside its own savepoint, and the
 * transaction commits with a single fsync. A function that throws rolls back only its own
 * savepoint and rejects only its own promise. Promises resolve after the commit, so a client is
 * never told "done" before the change is on disk. `fn` runs synchronously: nothing else touches
 * the database while it runs, which is what makes `next` atomic.
 */
export class WriteQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly runBatch: (batch: Pending[]) => Array<{ ok: boolean; value: unknown }>;
  private readonly rollbackListeners: Array<() => void> = [];
  private readonly commitListeners = new Set<() => void>();
  private lastFlush = 0;
  private lastCheckpoint = Date.now();
  private dirty = false;
  private checkpointTimer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db) {
    const each = db.transaction((fn: () => unknown) => fn());
    this.runBatch = db.transaction((batch: Pending[]) =>
      batch.map((p) => {
        try {
          return { ok: true, value: each(p.fn) };
        } catch (error) {
          this.rolledBack();
          return { ok: false, value: error };
        }
      }),
    );
  }

  write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs everything queued now; used by the timer and on shutdown. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    let results: Array<{ ok: boolean; value: unknown }>;
    try {
      results = this.runBatch(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing in the batch was stored.
      this.rolledBack();
      for (const p of batch) p.reject(error);
      return;
    }
    this.dirty = true;
    this.lastFlush = Date.now();
    for (const listener of this.commitListeners) listener();
    batch.forEach((p, i) => {
      const r = results[i];
      if (r?.ok) p.resolve(r.value);
      else p.reject(r?.value);
    });
  }

  /**
   * Copies the WAL back into the database file when no write has come for `quietMs`, or at the
   * latest every `maxMs` under steady load, so the checkpoint's extra fsync never lands inside a
   * request. Times are wall-clock: this is housekeeping, not office time.
   */
  startCheckpoints(quietMs = 250, maxMs = 10_000): void {
    this.stopCheckpoints();
    this.checkpointTimer = setInterval(() => {
      const now = Date.now();
      if (!this.dirty || this.pending.length) return;
      if (now - this.lastFlush < quietMs && now - this.lastCheckpoint < maxMs) return;
      this.checkpoint();
    }, quietMs);
    this.checkpointTimer.unref();
  }

  stopCheckpoints(): void {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.checkpointTimer = null;
  }

  /** A passive checkpoint: copies what it can without waiting for anyone. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.dirty = false;
    this.lastCheckpoint = Date.now();
  }

  /**
   * Called whenever a write (or a whole batch) was rolled back, so that in-memory copies of
   * database state (the waiting-ticket index) can drop what may no longer be true.
   */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  /**
   * Called after every commit, before any writer hears of it, so that copies of what the
   * database holds (the displays' snapshots) are never served after a change. Returns a function
   * that stops the calls.
   */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  private rolledBack(): void {
    for (const listener of this.rollbackListeners) listener();
  }

  get database(): Db {
    return this.db;
  }
}
