import type {
  FastifyRateLimitOptions,
  FastifyRateLimitStore,
  FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import type { SqlDb } from '../db/sql.ts';

/** How long a finished window's row is kept before housekeeping deletes it. */
export const RATE_LIMIT_KEEP_MS = 60 * 60 * 1000;

/**
 * One window per key: a request in a window that has ended starts a new one. The row's lock makes
 * concurrent requests of every node count one after the other.
 */
const COUNT = `INSERT INTO rate_limits (key, window_start, count) VALUES (@key, @now, 1)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limits.window_start + @window <= @now THEN 1 ELSE rate_limits.count + 1 END,
    window_start = CASE WHEN rate_limits.window_start + @window <= @now THEN @now ELSE rate_limits.window_start END
  RETURNING count, window_start`;

interface Counted {
  count: number;
  window_start: number;
}

/** What a limit's options say about where it is used: its route, or its group. */
interface LimitInfo {
  groupId?: string;
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * The request limits (`@fastify/rate-limit`) kept in the database, so that sign-in and issuing
 * limits hold across every node of a central installation rather than per process: a fixed
 * window per key in `rate_limits`, counted with one upsert. Each route (or limiter made with
 * `createRateLimit`) counts under its own name; limiters made in code are named in the order they
 * are made, which is the same on every node.
 */
export function databaseRateLimitStore(db: SqlDb, now: () => number = Date.now): FastifyRateLimitStoreCtor {
  let made = 0;
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = 'global',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const at = now();
      db.get<Counted>(COUNT, { key: `${this.prefix}|${key}`, now: at, window: timeWindow }).then(
        (row) => {
          if (!row) return callback(new Error('the request limit was not counted'));
          callback(null, {
            current: Number(row.count),
            ttl: Math.max(0, Number(row.window_start) + timeWindow - at),
          });
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(options: FastifyRateLimitOptions & LimitInfo): FastifyRateLimitStore {
      const route = options.routeInfo;
      const name =
        options.groupId ??
        (route?.url ? `${String(route.method)} ${route.url}` : `limiter-${String(++made)}`);
      return new DatabaseStore(options, name);
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor;
}

/** Deletes windows that ended long ago (the housekeeping lease's holder does it). */
export async function pruneRateLimits(db: SqlDb, now: number): Promise<number> {
  return (await db.run('DELETE FROM rate_limits WHERE window_start < ?', [now - RATE_LIMIT_KEEP_MS])).changes;
}
