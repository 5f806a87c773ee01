import type { PrintOutcome, TicketPrint } from '@numerek/shared';

/**
 * How long a print's outcome is remembered after it started: longer than the largest maximum job
 * age a printer may have (600 s), so every print settles while it is remembered.
 */
export const PRINT_MEMORY_MS = 15 * 60 * 1000;

const PENDING: TicketPrint = { state: 'pending', reason: null };

interface Tracked {
  deviceId: string;
  startedAt: number;
  outcome: PrintOutcome | null;
  settled: Promise<PrintOutcome>;
}

/**
 * The prints of kiosk tickets in this process: pending until the printer answers, then their
 * outcome. The kiosk's answer and its later questions wait here for a bounded time, never for the
 * printer itself. Nothing is stored: a print that was running when the process stopped has no
 * outcome here, and callers must treat it as not printed (the print queue died with the process).
 */
export class PrintTracker {
  private readonly prints = new Map<string, Tracked>();
  private readonly waiting = new Set<() => void>();
  private readonly followUps = new Set<Promise<void>>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Follows a ticket's print. `after` runs once the outcome is known (store it, alert the
   * console), whether or not anyone still waits for it.
   */
  track(
    ticketId: string,
    deviceId: string,
    printing: Promise<PrintOutcome>,
    after: (outcome: PrintOutcome) => Promise<void>,
  ): void {
    this.forgetOld();
    const tracked: Tracked = {
      deviceId,
      startedAt: this.now(),
      outcome: null,
      settled: printing.then(
        (outcome) => outcome,
        (): PrintOutcome => ({ state: 'failed', reason: 'error' }),
      ),
    };
    this.prints.set(ticketId, tracked);
    void tracked.settled.then((outcome) => {
      tracked.outcome = outcome;
      const work: Promise<void> = after(outcome)
        .catch(() => undefined)
        .finally(() => this.followUps.delete(work));
      this.followUps.add(work);
    });
  }

  /** The device whose ticket it is, or null when this process holds no print of it. */
  deviceOf(ticketId: string): string | null {
    return this.prints.get(ticketId)?.deviceId ?? null;
  }

  /**
   * The print's outcome, waiting up to `ms` while it is pending; `pending` if still unknown then,
   * and null when this process holds no print of the ticket.
   */
  async within(ticketId: string, ms: number): Promise<TicketPrint | null> {
    const tracked = this.prints.get(ticketId);
    if (!tracked) return null;
    if (tracked.outcome) return tracked.outcome;
    let stop = (): void => undefined;
    const gaveUp = new Promise<TicketPrint>((resolve) => {
      const timer = setTimeout(() => resolve(PENDING), ms);
      stop = () => {
        clearTimeout(timer);
        resolve(PENDING);
      };
      this.waiting.add(stop);
    });
    try {
      return await Promise.race([tracked.settled, gaveUp]);
    } finally {
      stop();
      this.waiting.delete(stop);
    }
  }

  /** Answers everyone waiting with what is known now (the server is closing). */
  releaseAll(): void {
    for (const stop of [...this.waiting]) stop();
  }

  /** Resolves once every outcome known so far has been handled (stored, reported). */
  async drain(): Promise<void> {
    while (this.followUps.size > 0) await Promise.allSettled([...this.followUps]);
  }

  private forgetOld(): void {
    const cutoff = this.now() - PRINT_MEMORY_MS;
    for (const [id, tracked] of this.prints) {
      if (tracked.startedAt > cutoff) break;
      this.prints.delete(id);
    }
  }
}
