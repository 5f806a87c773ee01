import type { DomainBus } from '../../domain-events.ts';

/**
 * A version number per office that grows with every configuration change (categories, groups,
 * counters, hours…), and a way to wait for the next one. Kiosks long-poll it, so a change made
 * in the console reaches them at once without a socket library in the kiosk's page. In memory:
 * after a restart the numbers start again, and a kiosk that sees a different number simply
 * reloads its lists.
 */
export class ConfigChanges {
  private readonly versions = new Map<string, number>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(bus: DomainBus) {
    bus.subscribe('config.changed', (e) => this.bump(e.officeId));
  }

  version(officeId: string): number {
    return this.versions.get(officeId) ?? 0;
  }

  /** Resolves with the office's version as soon as it differs from `since`, or after `timeoutMs`. */
  wait(officeId: string, since: number, timeoutMs: number, cancelled: AbortSignal): Promise<number> {
    if (this.version(officeId) !== since || cancelled.aborted) return Promise.resolve(this.version(officeId));
    return new Promise((resolve) => {
      const set = this.waiters.get(officeId) ?? new Set<() => void>();
      this.waiters.set(officeId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        cancelled.removeEventListener('abort', done);
        resolve(this.version(officeId));
      };
      const timer = setTimeout(done, timeoutMs);
      set.add(done);
      cancelled.addEventListener('abort', done);
    });
  }

  private bump(officeId: string): void {
    this.versions.set(officeId, this.version(officeId) + 1);
    for (const done of [...(this.waiters.get(officeId) ?? [])]) done();
  }

  /** Answers every waiting request (on shutdown). */
  releaseAll(): void {
    for (const set of this.waiters.values()) for (const done of [...set]) done();
  }
}
