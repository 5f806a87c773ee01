import type { Statement } from 'better-sqlite3';
import type { WriteOptions, WriteQueue } from '../write-queue.ts';
import type { SqliteDb } from './sqlite-db.ts';

interface Pending {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit on SQLite (decision 0001). The writes queued in one turn of the event loop run in
 * one transaction, one after the other, each inside its own savepoint, and the transaction
 * commits with a single fsync. A write that throws rolls back only its own savepoint and rejects
 * only its own promise. Promises resolve after the commit. Only one write runs at a time, so
 * nothing happens between a write reading the queue and changing it (what makes `next` atomic);
 * the `lock` option is therefore always honoured.
 */
export class SqliteWriteQueue implements WriteQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly rollbackListeners: Array<() => void> = [];
  private readonly commitListeners = new Set<() => void>();
  private lastFlush = 0;
  private lastCheckpoint = Date.now();
  private dirty = false;
  private checkpointTimer: NodeJS.Timeout | null = null;
  /** The transaction's own statements, compiled once (as better-sqlite3's `transaction` does). */
  private readonly tx: Record<
    'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback',
    Statement
  >;

  constructor(private readonly db: SqliteDb) {
    const raw = db.raw;
    this.tx = {
      begin: raw.prepare('BEGIN IMMEDIATE'),
      savepoint: raw.prepare('SAVEPOINT w'),
      release: raw.prepare('RELEASE w'),
      rollbackTo: raw.prepare('ROLLBACK TO w'),
      commit: raw.prepare('COMMIT'),
      rollback: raw.prepare('ROLLBACK'),
    };
  }

  write<T>(fn: () => Promise<T> | T, _opts?: WriteOptions): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the database is closing'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Runs everything queued now; used by the timer and on shutdown. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    this.running = this.runBatch(batch);
    try {
      await this.running;
    } finally {
      this.running = null;
      if (this.pending.length) this.schedule();
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const raw = this.db.raw;
    const tx = this.tx;
    const results: Result[] = [];
    try {
      tx.begin.run();
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) {
      tx.savepoint.run();
      try {
        const value = await this.db.inWrite(p.fn);
        tx.release.run();
        results.push({ ok: true, value });
      } catch (error) {
        tx.rollbackTo.run();
        tx.release.run();
        this.rolledBack();
        results.push({ ok: false, error });
      }
    }
    try {
      tx.commit.run();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing in the batch was stored.
      if (raw.inTransaction) tx.rollback.run();
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
      else p.reject(r?.error);
    });
  }

  start(): void {
    this.startCheckpoints();
  }

  async drain(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.stopCheckpoints();
    this.checkpoint();
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
      if (!this.dirty || this.pending.length || this.running) return;
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
    if (!this.db.raw.open) return;
    this.db.raw.pragma('wal_checkpoint(PASSIVE)');
    this.dirty = false;
    this.lastCheckpoint = Date.now();
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
