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
  /** Set once the outcome has been handled (stored): only then is it told to anyone. */
  outcome: PrintOutcome | null;
  known: Promise<PrintOutcome>;
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

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Follows a ticket's print. `after` runs once the outcome is known (store it, alert the
   * console), whether or not anyone still waits for it, and before the outcome is told: an
   * answer that says "printed" or "failed" has been stored, so a retry after a crash says the same.
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
      known: printing
        .then(
          (outcome) => outcome,
          (): PrintOutcome => ({ state: 'failed', reason: 'error' }),
        )
        .then(async (outcome) => {
          await after(outcome).catch(() => undefined);
          tracked.outcome = outcome;
          return outcome;
        }),
    };
    this.prints.set(ticketId, tracked);
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
      return await Promise.race([tracked.known, gaveUp]);
    } finally {
      stop();
      this.waiting.delete(stop);
    }
  }

  /** Answers everyone waiting with what is known now (the server is closing). */
  releaseAll(): void {
    for (const stop of [...this.waiting]) stop();
  }

  /**
   * Resolves once every print has been handled (its outcome stored, reported), or after `ms`
   * for prints whose printer never answers. Call it after the printers were closed, which
   * settles their prints.
   */
  async drain(ms = 2000): Promise<void> {
    const open = [...this.prints.values()].filter((p) => p.outcome === null).map((p) => p.known);
    if (open.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(open),
      new Promise((resolve) => (timer = setTimeout(resolve, ms))),
    ]);
    clearTimeout(timer);
  }

  private forgetOld(): void {
    const cutoff = this.now() - PRINT_MEMORY_MS;
    for (const [id, tracked] of this.prints) {
      if (tracked.startedAt > cutoff) break;
      this.prints.delete(id);
    }
  }
}
