import { addDays, atOfficeTime, column, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import type { Ack, DisplayClientEvents, DisplayServerEvents, DisplaySnapshot } from '@numerek/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, listen, once } from './support.ts';

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;

/**
 * Displays of one stream (office and filter) share one cached snapshot, which must never be
 * served after a change: every answer to `sync:request` is compared with a snapshot built
 * afresh from the database at that moment.
 */
describe('display snapshots served from the cache', () => {
  let t: TestApp;
  let base: string;
  const open: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t.app);
    const opened = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {});
    expect(opened.statusCode).toBe(200);
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await t.close();
  });

  const display = async (): Promise<DisplayClient> => {
    const s = connect<DisplayClient>(base, '/display');
    open.push(s);
    await once(s, 'queue:snapshot');
    return s;
  };
  const sync = async (s: DisplayClient): Promise<DisplaySnapshot> => {
    const r: Ack<DisplaySnapshot> = await s.emitWithAck('sync:request');
    if (!r.ok) throw new Error(r.error.message);
    return r.data;
  };
  const streamSeq = () => {
    const gw = t.app.realtime;
    const room = [...gw.display.sockets.values()][0]?.data.room ?? '';
    return room ? gw.streamSeq(t.officeId) : 0;
  };
  /** Checks a snapshot against the database and the display's stream as they are now. */
  const expectCurrent = async (snap: DisplaySnapshot, what: string, seqBefore?: number) => {
    const waiting = new Map(
      (
        await t.db.all<{ category_id: string; n: number }>(
          "SELECT category_id, COUNT(*) AS n FROM tickets WHERE state = 'waiting' GROUP BY category_id",
        )
      ).map((r) => [r.category_id, r.n]),
    );
    for (const w of snap.waiting) {
      expect(w.waiting, `${what}: waiting in ${w.prefix}`).toBe(waiting.get(w.categoryId) ?? 0);
    }
    // Each called ticket once, at its latest call, newest first.
    const called = await column<string>(
      t.db,
      "SELECT t.code FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.type IN ('called', 'recalled') ORDER BY e.at DESC, e.id DESC",
    );
    // Displays get codes and opaque keys, never ticket ids.
    const latest = called.filter((code, i) => called.indexOf(code) === i);
    expect(
      snap.calls.map((c) => c.code),
      `${what}: calls`,
    ).toEqual(latest.slice(0, 20));
    // The stream's seq when the snapshot was asked for, or later: the coalesced queue:changed may
    // be sent while the snapshot travels (it carries the same counts).
    const now = streamSeq();
    if (seqBefore === undefined) expect(snap.seq, `${what}: seq`).toBe(now);
    else {
      expect(snap.seq, `${what}: seq`).toBeGreaterThanOrEqual(seqBefore);
      expect(snap.seq, `${what}: seq`).toBeLessThanOrEqual(now);
    }
  };

  it('builds the snapshot once for many requests of the displays of one stream', async () => {
    const built = vi.spyOn(t.app.realtime.repo, 'recentCalls');
    // Every commit drops the cache; none is made here, but count them so that a write of a timer
    // on a slow machine shows as such rather than as a cache that does not hold.
    let commits = 0;
    const off = t.app.services.writes.onCommit(() => commits++);
    try {
      const a = await display();
      const b = await display();
      for (let i = 0; i < 10; i++) await expectCurrent(await sync(i % 2 ? a : b), `request ${i}`);
      expect(built.mock.calls.length, `builds, with ${commits} commits meanwhile`).toBeLessThanOrEqual(
        1 + commits,
      );
      expect(built).toHaveBeenCalled();
    } finally {
      off();
      built.mockRestore();
    }
  });

  it('keeps its cache while the server is idle: a timer that has nothing to change writes nothing', async () => {
    let commits = 0;
    const off = t.app.services.writes.onCommit(() => commits++);
    try {
      // The print-job sweep (every 500 ms) prunes settled jobs once an hour: an hour on, with none
      // to prune, its next turn only reads.
      t.clock.advance(61 * 60 * 1000);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(commits).toBe(0);
    } finally {
      off();
    }
  });

  it('never serves a snapshot from before an issue, a call, a recall, a cancellation or a configuration change', async () => {
    const s = await display();
    const changes: Array<[string, () => Promise<unknown>]> = [
      ['issue', () => t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })],
      ['issue', () => t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })],
      ['next', () => t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`)],
      ['recall', () => t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/recall`)],
      ['no-show', () => t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/no-show`)],
      ['next', () => t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`)],
      [
        'rename',
        () =>
          t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.A}`, {
            names: { pl: 'Sprawy różne', en: 'Other matters', uk: 'Інші справи' },
          }),
      ],
    ];
    for (const [what, change] of changes) {
      await sync(s); // the cache holds the state before the change
      const res = (await change()) as { statusCode: number; body: string };
      expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(300);
      // Right after the change's answer, before any delta could have been awaited.
      const seqBefore = streamSeq();
      await expectCurrent(await sync(s), `after ${what}`, seqBefore);
    }
    const renamed = (await sync(s)).waiting.find((w) => w.categoryId === t.category.A);
    expect(renamed?.names.en).toBe('Other matters');
  });

  it('starts a new service day with no calls, without any change to the database', async () => {
    const s = await display();
    expect((await sync(s)).calls.length).toBeGreaterThan(0);
    t.clock.set(Date.parse(atOfficeTime(addDays(MONDAY, 1), '08:00')));
    expect((await sync(s)).calls).toEqual([]);
  });
});
