import { AsyncLocalStorage } from 'node:async_hooks';
import type { WriteOptions, WriteQueue } from './write-queue.ts';

/** One write in progress: what must hear when it has committed or rolled back. */
class OpenWrite {
  private readonly listeners: Array<() => void> = [];
  onSettled(listener: () => void): void {
    this.listeners.push(listener);
  }
  settle(): void {
    for (const listener of this.listeners.splice(0)) listener();
  }
}

const current = new AsyncLocalStorage<OpenWrite>();

/**
 * Marks every write of `queue`, so that a {@link CacheGuard} touched inside one knows when it
 * has settled. Also refuses a write started inside another: on SQLite it would wait for the
 * outer one for ever, and PostgreSQL's queue refuses it too.
 */
export function markWrites(queue: WriteQueue): WriteQueue {
  return {
    write<T>(fn: () => Promise<T> | T, opts?: WriteOptions): Promise<T> {
      if (current.getStore()) return Promise.reject(new Error('a write cannot start inside another write'));
      const open = new OpenWrite();
      const done = queue.write(() => current.run(open, fn), opts);
      done.then(
        () => open.settle(),
        () => open.settle(),
      );
      return done;
    },
    onRollback: (listener) => queue.onRollback(listener),
    onCommit: (listener) => queue.onCommit(listener),
    start: () => queue.start(),
    drain: () => queue.drain(),
  };
}

/**
 * Keeps an in-memory copy of database state (a cache) true when it is filled by a read made
 * outside a write. Such a read sees only committed data, and it is awaited: a write may change
 * the same rows meanwhile, or may have changed them already without having committed yet. Either
 * way what the read found is out of date, and must not be kept.
 *
 * A write that changes what the cache holds calls `touch()` (inside the write, with the cache
 * updated or cleared as before). A loader takes `begin()` before its read and keeps what it read
 * only if `mayKeep(token)` after it: no write touched the cache in between (the generation did
 * not move) and none that touched it is still open, but for the loader's own write.
 */
export class CacheGuard {
  private generation = 0;
  private readonly open = new Set<OpenWrite>();

  /** A write changes what the cache holds (call it inside the write; outside, it only bumps the generation). */
  touch(): void {
    this.generation++;
    const write = current.getStore();
    if (!write || this.open.has(write)) return;
    this.open.add(write);
    write.onSettled(() => {
      this.open.delete(write);
      this.generation++;
    });
  }

  /** Before a loader's read: its token, or null when another write that touched the cache is still open. */
  begin(): number | null {
    const mine = current.getStore();
    for (const write of this.open) if (write !== mine) return null;
    return this.generation;
  }

  /** After the read: whether what it found may be kept. */
  mayKeep(token: number | null): boolean {
    return token !== null && token === this.generation && this.begin() === token;
  }
}
