import type pg from 'pg';
import { PostgresDb } from './postgres/postgres-db.ts';
import type { SqlDb } from './sql.ts';

/** How often a node that does not hold a lease tries to take it (and its holder checks its connection). */
export const LEASE_RETRY_MS = 2000;

/**
 * The right to do work that must be done once in an installation (retention, pruning, timers),
 * held by one process at a time. On PostgreSQL it is a session advisory lock on a connection of
 * its own: when the holding process dies, its connection closes and the lock is free; the other
 * nodes try every LEASE_RETRY_MS, so one of them takes over within seconds. On SQLite there is
 * one process, which always holds it.
 */
export interface Lease {
  /** Whether this process holds the lease now. */
  readonly held: boolean;
  /** Asks the database now whether the lease is still held (before each piece of work). */
  confirm(): Promise<boolean>;
  /** Starts trying to take (and keep) the lease. */
  start(): Promise<void>;
  /** Lets the lease go (another node takes it at its next try). */
  stop(): Promise<void>;
  /**
   * Calls `listener` each time this process takes the lease, so that a node taking over from
   * one that died does the work at once rather than at its next scheduled turn.
   */
  onTaken(listener: () => void): void;
}

export interface LeaseLog {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
}

export function createLease(db: SqlDb, name: string, log: LeaseLog, retryMs = LEASE_RETRY_MS): Lease {
  if (db instanceof PostgresDb) return new PostgresLease(db, name, log, retryMs);
  return {
    held: true,
    confirm: () => Promise.resolve(true),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    // Always held, from the start: nothing is ever taken over.
    onTaken: () => undefined,
  };
}

class PostgresLease implements Lease {
  held = false;
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private trying: Promise<void> | null = null;
  private stopped = false;
  private readonly taken: Array<() => void> = [];

  constructor(
    private readonly db: PostgresDb,
    private readonly name: string,
    private readonly log: LeaseLog,
    private readonly retryMs: number,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.tryNow();
    this.timer = setInterval(() => void this.tryNow(), this.retryMs);
    this.timer.unref();
  }

  onTaken(listener: () => void): void {
    this.taken.push(listener);
  }

  async confirm(): Promise<boolean> {
    if (!this.held) return false;
    await this.tryNow();
    // A turn that was already under way may have started before the loss: ask once more.
    if (this.held) await this.tryNow();
    return this.held;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.trying;
    this.held = false;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** One try at a time: take the lease if free, or make sure the connection holding it still lives. */
  private tryNow(): Promise<void> {
    this.trying ??= this.attempt().finally(() => (this.trying = null));
    return this.trying;
  }

  private async attempt(): Promise<void> {
    try {
      if (!this.client) {
        const client = await this.db.dedicated(`numerek-lease`);
        if (this.stopped) {
          await client.end();
          return;
        }
        client.on('end', () => {
          if (this.client !== client) return;
          this.client = null;
          if (this.held) this.log.warn({ lease: this.name }, 'lease lost: its connection closed');
          this.held = false;
        });
        this.client = client;
      }
      if (this.held) {
        await this.client.query('SELECT 1');
        return;
      }
      const r = await this.client.query<{ got: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS got',
        [this.name],
      );
      this.held = r.rows[0]?.got === true;
      if (this.held) {
        this.log.info({ lease: this.name }, 'lease taken: this node does the work done once');
        for (const listener of this.taken) listener();
      }
    } catch (error) {
      this.held = false;
      const client = this.client;
      this.client = null;
      await client?.end().catch(() => undefined);
      this.log.warn({ err: error, lease: this.name }, 'lease: the database could not be asked; trying again');
    }
  }
}
