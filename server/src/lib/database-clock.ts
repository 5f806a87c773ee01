import type { SqlDb } from '../db/sql.ts';
import type { Clock } from './clock.ts';

/** How often the offset to the database server's clock is measured again. */
export const CLOCK_MEASURE_EVERY_MS = 30_000;

/**
 * The time every writer stamps: on PostgreSQL, the database server's clock, so that a ticket's
 * wait does not depend on which server process stamped its issue and its call; on SQLite (one
 * process), the system clock.
 */
export interface DatabaseClock extends Clock {
  /** What is added to this machine's clock: the database server's clock minus ours, in ms. */
  readonly offsetMs: number;
  /** Measures the offset again now. */
  measure(): Promise<void>;
  /** Stops measuring. */
  stop(): void;
}

export interface MeasuredClockOptions {
  /** This machine's clock (tests pass a fake one). */
  local?: () => number;
  /** How often to measure again (default 30 s). */
  everyMs?: number;
}

/** Round trips per measurement; the shortest one gives the offset, being the least disturbed. */
const SAMPLES = 3;

/** The database server's `clock_timestamp()` (the moment of reading, not the transaction's start). */
export const readServerClock = async (db: SqlDb): Promise<number> =>
  Number(await db.value<number>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8'));

/**
 * The time for writers: on PostgreSQL, this machine's clock moved onto the database server's
 * (see {@link measuredClock}); on SQLite, the system clock, as one process writes.
 */
export async function databaseClock(db: SqlDb, opts: MeasuredClockOptions = {}): Promise<DatabaseClock> {
  if (db.engine === 'sqlite') {
    return {
      now: opts.local ?? Date.now,
      offsetMs: 0,
      measure: () => Promise.resolve(),
      stop: () => undefined,
    };
  }
  return measuredClock(() => readServerClock(db), opts);
}

/**
 * A clock that reads this machine's clock and adds the offset to another clock (`readServer`),
 * measured at start and every 30 s: the time read in a round trip, minus the midpoint of that
 * round trip here. Reading it costs no query. It never runs backwards, even when a new
 * measurement moves the offset back. A failed measurement keeps the previous offset.
 */
export async function measuredClock(
  readServer: () => Promise<number>,
  opts: MeasuredClockOptions = {},
): Promise<DatabaseClock> {
  const local = opts.local ?? Date.now;
  let offset = 0;
  let last = -Infinity;
  const measure = async (): Promise<void> => {
    let best: { offset: number; roundTrip: number } | null = null;
    for (let i = 0; i < SAMPLES; i++) {
      const sent = local();
      const server = await readServer();
      const received = local();
      const sample = { offset: server - (sent + received) / 2, roundTrip: received - sent };
      if (!best || sample.roundTrip < best.roundTrip) best = sample;
    }
    if (best) offset = best.offset;
  };
  await measure();
  const timer = setInterval(() => {
    measure().catch(() => undefined);
  }, opts.everyMs ?? CLOCK_MEASURE_EVERY_MS);
  timer.unref();
  return {
    now: () => {
      last = Math.max(last, Math.round(local() + offset));
      return last;
    },
    get offsetMs() {
      return offset;
    },
    measure,
    stop: () => clearInterval(timer),
  };
}
