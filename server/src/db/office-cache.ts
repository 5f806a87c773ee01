import { CacheGuard } from './cache-guard.ts';
import type { CacheScope } from './repository.ts';

/**
 * An office's settings as one repository reads them (its policy, its categories' maximum waits,
 * its booking rules), kept in memory per office: `next`, the clerk's list and every estimate
 * read them, and they change a few times a day.
 *
 * The repository calls `changed()` inside every write of the table it reads (CacheGuard: a read
 * that overlapped such a write is not kept); the composition calls `forget` on a rolled-back
 * write and when another node changed an office's configuration (Outbox.onBehind). Another
 * node's queue changes (tickets, counters) leave it alone.
 */
export class OfficeCache<T> {
  private readonly kept = new Map<string, T>();
  private readonly guard = new CacheGuard();

  async get(officeId: string, load: () => Promise<T>): Promise<T> {
    const hit = this.kept.get(officeId);
    if (hit !== undefined) return hit;
    const token = this.guard.begin();
    const value = await load();
    if (this.guard.mayKeep(token)) this.kept.set(officeId, value);
    return value;
  }

  /** A write here changes what is kept: call it inside the write, before the statement. */
  changed(): void {
    this.guard.touch();
    this.kept.clear();
  }

  /** Drops what may be out of date: one office's after its configuration changed elsewhere, else all. */
  forget(scope?: CacheScope): void {
    if (scope?.queueOnly) return;
    this.guard.touch();
    if (scope) this.kept.delete(scope.officeId);
    else this.kept.clear();
  }
}
