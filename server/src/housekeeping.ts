import { pruneOutbox } from './db/outbox.ts';
import { createLease, type Lease } from './db/lease.ts';
import { pruneRateLimits } from './http/rate-limit-store.ts';
import type { Services } from './services.ts';

/** How often the housekeeping looks for work (and a node without the lease asks for it). */
export const HOUSEKEEPING_EVERY_MS = 60_000;
/** How often retention folds old tickets into daily totals. */
export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

/** The lease under which one node of an installation does the housekeeping. */
export const HOUSEKEEPING_LEASE = 'numerek:housekeeping';

/**
 * The work done once per installation, by the node holding the housekeeping lease (db/lease.ts;
 * on SQLite the only process): retention (RETENTION_DAYS: old tickets folded into daily totals,
 * their printed copies deleted) at once and daily, and on PostgreSQL every minute deleting outbox
 * facts and request-limit windows older than an hour (SQLite keeps neither), and every minute
 * marking the bookings whose check-in window has closed as no-shows. A node that takes the lease
 * over runs retention at its first turn; retention is safe to run again, only never twice at once.
 */
export class Housekeeping {
  readonly lease: Lease;
  private timer: NodeJS.Timeout | null = null;
  private lastRetention: number | null = null;
  private running: Promise<boolean> | null = null;

  constructor(
    private readonly services: Services,
    opts: { lease?: Lease; everyMs?: number } = {},
  ) {
    this.lease = opts.lease ?? createLease(services.ctx.db, HOUSEKEEPING_LEASE, services.ctx.log);
    this.everyMs = opts.everyMs ?? HOUSEKEEPING_EVERY_MS;
  }

  private readonly everyMs: number;

  async start(): Promise<void> {
    // A node that takes the lease over from one that died runs retention at once, not at its
    // next turn up to a minute later.
    this.lease.onTaken(() => {
      if (this.timer) void this.tick();
    });
    await this.lease.start();
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.lease.stop();
  }

  /** One turn: does the work if this node holds the lease; answers whether it did. */
  tick(): Promise<boolean> {
    this.running ??= this.turn().finally(() => (this.running = null));
    return this.running;
  }

  private async turn(): Promise<boolean> {
    if (!(await this.lease.confirm())) {
      // Lost (or never had) the lease: whoever takes it next runs retention at its first turn.
      this.lastRetention = null;
      return false;
    }
    const { ctx, reports } = this.services;
    const wall = Date.now();
    try {
      if (this.lastRetention === null || wall - this.lastRetention >= RETENTION_EVERY_MS) {
        this.lastRetention = wall;
        await reports.foldExpired();
      }
      await this.services.bookings.markNoShows();
      if (ctx.db.engine === 'postgres') {
        await ctx.writes.write(async () => {
          await pruneOutbox(ctx.db, wall);
          await pruneRateLimits(ctx.db, wall);
        });
      }
    } catch (error) {
      ctx.log.error({ err: error }, 'housekeeping failed; trying again at its next turn');
    }
    return true;
  }
}
