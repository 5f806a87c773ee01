import { createTestApp, type TestApp } from '@numerek/server/testing';
import { IDEMPOTENCY_KEY_HEADER } from '@numerek/shared';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../realtime/support.ts';

/**
 * How many times an office's write waits for PostgreSQL: each wait is a round trip, and on a
 * busy machine every one of them hands the processor to another process and back. A statement
 * sent while the connection still waits for an earlier answer rides in the same round trip.
 */
class RoundTrips {
  /** Per connection: statements sent and not yet answered, and the round trips of its writes. */
  private readonly waiting = new Map<pg.Client, number>();
  private readonly inWrite = new Set<pg.Client>();
  readonly trips: string[][] = [];
  private readonly query = pg.Client.prototype.query;

  constructor() {
    const { waiting, inWrite, trips, query } = this;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      const text = (typeof q === 'string' ? q : ((q as { text?: string }).text ?? '')).replace(/\s+/g, ' ');
      if (text.startsWith('BEGIN; SELECT pg_advisory_xact_lock')) inWrite.add(this);
      const tracked = inWrite.has(this);
      if (tracked) {
        const open = waiting.get(this) ?? 0;
        if (open === 0) trips.push([]);
        trips.at(-1)?.push(text.slice(0, 300));
        waiting.set(this, open + 1);
      }
      const r = (query as (...a: unknown[]) => unknown).apply(this, args);
      if (tracked && r instanceof Promise) {
        const done = () => {
          waiting.set(this, (waiting.get(this) ?? 1) - 1);
          if (text === 'COMMIT' || text === 'ROLLBACK') inWrite.delete(this);
        };
        void r.then(done, done);
      }
      return r;
    } as typeof query;
  }

  stop(): void {
    pg.Client.prototype.query = this.query;
  }
}

describe('round trips of an office’s writes on PostgreSQL', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function post(who: 'clerk' | 'kiosk', path: string, body: unknown): Promise<number> {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        ...t.headers(who),
        'content-type': 'application/json',
        [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
      },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('a clerk’s next that calls someone, sent with an Idempotency-Key, waits for PostgreSQL three times in its write: the lock with the counter and whom it may call, the call, and everything else with the COMMIT', async () => {
    expect(await post('clerk', `/api/counters/${t.counter[1]}/open`, {})).toBe(200);
    expect(await post('kiosk', '/api/tickets', { categoryId: t.category.A })).toBe(201);
    const trips = new RoundTrips();
    try {
      expect(await post('clerk', `/api/counters/${t.counter[1]}/next`, {})).toBe(200);
    } finally {
      trips.stop();
    }
    expect(trips.trips, JSON.stringify(trips.trips, null, 1)).toHaveLength(3);
    const [lock, call, rest] = trips.trips as [string[], string[], string[]];
    expect(lock[0]).toMatch(/^BEGIN/);
    expect(lock.some((q) => q.includes('FROM counters c'))).toBe(true);
    expect(lock.some((q) => q.startsWith('WITH RECURSIVE'))).toBe(true);
    expect(call).toEqual([expect.stringMatching(/^UPDATE tickets/)]);
    expect(rest.some((q) => q.startsWith('INSERT INTO idempotency_keys'))).toBe(true);
    expect(rest.some((q) => q.startsWith('WITH s AS ( INSERT INTO office_streams'))).toBe(true);
    expect(rest.at(-1)).toBe('COMMIT');
  });
});
