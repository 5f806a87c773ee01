import { createTestApp, type TestApp } from '@numerek/server/testing';
import { startNode, type TestNode } from '@numerek/server/testing/nodes';
import { newDatabase } from '@numerek/server/testing/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLease } from '../../server/src/db/lease.ts';
import { HOUSEKEEPING_LEASE, Housekeeping } from '../../server/src/housekeeping.ts';

/**
 * Work done once per installation (retention, pruning) runs on one node at a time, under a
 * lease held on a database session: when its holder goes, another node takes it within seconds.
 */

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('work done once, on several nodes', () => {
  let a: TestApp;
  let b: TestNode;
  let url: string;

  beforeAll(async () => {
    url = await newDatabase();
    a = await createTestApp({ target: { engine: 'postgres', url } });
    b = await startNode(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('retention runs on one node only, however many nodes take their turn at once', async () => {
    const ran: string[] = [];
    const keep = (node: string, app: TestApp['app']) => {
      const fold = app.services.reports.foldExpired.bind(app.services.reports);
      app.services.reports.foldExpired = async (days?: number) => {
        ran.push(node);
        return fold(days);
      };
      return new Housekeeping(app.services, {
        lease: createLease(app.services.ctx.db, HOUSEKEEPING_LEASE, quiet, 200),
      });
    };
    const onA = keep('A', a.app);
    const onB = keep('B', b.app);
    try {
      await Promise.all([onA.start(), onB.start()]);
      const turns = await Promise.all([onA.tick(), onB.tick(), onA.tick(), onB.tick()]);
      expect(turns.filter(Boolean).length).toBeGreaterThan(0);
      expect([onA.lease.held, onB.lease.held].filter(Boolean)).toHaveLength(1);
      // Started together, each took a turn twice more: retention ran once, on the holder.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(ran).toHaveLength(1);
      expect(ran[0]).toBe(onA.lease.held ? 'A' : 'B');
    } finally {
      await onA.stop();
      await onB.stop();
    }
  });

  it('a node that takes the housekeeping over from one that stopped runs retention at once, not at its next turn', async () => {
    const ran: string[] = [];
    const keep = (node: string, app: TestApp['app']) => {
      const fold = app.services.reports.foldExpired.bind(app.services.reports);
      app.services.reports.foldExpired = async (days?: number) => {
        ran.push(node);
        return fold(days);
      };
      // Turns an hour apart: only the takeover itself can start retention within the test.
      return new Housekeeping(app.services, {
        lease: createLease(app.services.ctx.db, HOUSEKEEPING_LEASE, quiet, 200),
        everyMs: 60 * 60_000,
      });
    };
    const onA = keep('A', a.app);
    const onB = keep('B', b.app);
    try {
      await onA.start();
      await onB.start();
      await expect.poll(() => ran).toEqual(['A']);
      await onA.stop();
      const stopped = Date.now();
      await expect.poll(() => ran, { timeout: 5000, interval: 50 }).toEqual(['A', 'B']);
      expect(Date.now() - stopped).toBeLessThan(3000);
    } finally {
      await onA.stop();
      await onB.stop();
    }
  });

  it('the lease moves to another node within seconds when its holder closes or dies', async () => {
    const leases = [1, 2, 3].map(() => createLease(b.db, 'numerek:test-lease', quiet, 200));
    try {
      for (const lease of leases) await lease.start();
      const holder = () => leases.filter((l) => l.held);
      expect(holder()).toHaveLength(1);

      // The holder shuts down: its connection closes, and another takes over.
      const first = holder()[0];
      await first?.stop();
      let moved = Date.now();
      await expect.poll(() => holder().length, { timeout: 5000, interval: 100 }).toBe(1);
      expect(Date.now() - moved).toBeLessThan(3000);
      const second = holder()[0];
      expect(second).not.toBe(first);

      // The holder's database session dies (its machine is lost): the database frees the lock,
      // and the lease is held again, by one node, within seconds. The node that lost its session
      // knows it at its next check; a holder confirms the lease before each piece of work.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const holderPid = async () =>
        (
          await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
              AND objid = (hashtext('numerek:test-lease')::bigint & 4294967295)::oid`,
          )
        ).rows.map((r) => r.pid);
      try {
        const [dead] = await holderPid();
        expect(dead).toBeDefined();
        await admin.query('SELECT pg_terminate_backend($1)', [dead]);
        moved = Date.now();
        expect(await second?.confirm()).toBe(false);
        await expect.poll(() => holder().length, { timeout: 5000, interval: 100 }).toBe(1);
        expect(Date.now() - moved).toBeLessThan(3000);
        const [now] = await holderPid();
        expect(now).toBeDefined();
        expect(now).not.toBe(dead);
      } finally {
        await admin.end();
      }
    } finally {
      for (const lease of leases) await lease.stop();
    }
  });

  it('answers /api/ready 200 while it reaches the database, and 503 NOT_READY when it does not', async () => {
    const c = await startNode(a);
    const ready = await c.app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    await c.db.close();
    const lost = await c.app.inject({ method: 'GET', url: '/api/ready' });
    expect(lost.statusCode).toBe(503);
    expect(lost.json<{ error: { code: string } }>().error.code).toBe('NOT_READY');
    // Liveness stays: the process itself is fine.
    expect((await c.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    await c.app.close();
  });
});
