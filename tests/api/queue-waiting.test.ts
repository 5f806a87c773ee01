import { atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import type {
  Booking,
  CategoryWaitNow,
  CounterActionResult,
  CounterDetail,
  IssuedTicket,
} from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openForBookings } from './support/open-for-bookings.ts';

/**
 * The console's dashboard shows per category how many wait and the longest wait. Both come from
 * one answer over the same tickets, so a category never reads "1 waiting" beside no longest wait
 * (a ticket transferred to a counter, a category no open counter serves now) nor a negative wait
 * (a booked client who checked in before the slot), on SQLite and on PostgreSQL.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: atOfficeTime(MONDAY, '09:00') });
  await openForBookings(t, t.category.R ?? '');
});
afterAll(async () => t?.close());

async function waitingNow(): Promise<Map<string, CategoryWaitNow>> {
  const res = await t.request('supervisor', 'GET', '/api/admin/queue/waiting');
  expect(res.statusCode, res.body).toBe(200);
  return new Map(res.json<CategoryWaitNow[]>().map((w) => [w.categoryId, w]));
}
const of = async (prefix: string) => (await waitingNow()).get(t.category[prefix] ?? '');
const minutesSince = async (ticketId: string) => {
  const queuedAt = Number(await t.db.value('SELECT queued_at FROM tickets WHERE id = ?', [ticketId]));
  return Math.round(((t.clock.now() - queuedAt) / 60_000) * 10) / 10;
};

/** Every category agrees with the tickets stored as waiting, and has a longest wait exactly when one waits. */
async function expectConsistent(): Promise<void> {
  const rows = await t.db.all<{ category_id: string; n: number | string }>(
    `SELECT category_id, COUNT(*) AS n FROM tickets WHERE state = 'waiting' GROUP BY category_id`,
  );
  const stored = new Map(rows.map((r) => [r.category_id, Number(r.n)]));
  const answer = await waitingNow();
  expect([...answer.keys()].sort()).toEqual(Object.values(t.category).sort());
  for (const [id, w] of answer) {
    expect(w.waiting, id).toBe(stored.get(id) ?? 0);
    expect(w.longestWaitMinutes === null, id).toBe(w.waiting === 0);
    if (w.longestWaitMinutes !== null) expect(w.longestWaitMinutes, id).toBeGreaterThanOrEqual(0);
  }
}

describe('who waits per category, for the console’s dashboard', () => {
  it('counts a client transferred to one counter, with the time they have waited', async () => {
    const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(issued.statusCode, issued.body).toBe(201);
    const counter = t.counter[1] ?? '';
    expect((await t.request('clerk', 'POST', `/api/counters/${counter}/open`)).statusCode).toBe(200);
    expect((await t.request('clerk', 'POST', `/api/counters/${counter}/next`)).statusCode).toBe(200);
    t.clock.advance(3 * 60_000);
    const moved = await t.request('clerk', 'POST', `/api/counters/${counter}/transfer`, {
      counterId: t.counter[3],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    t.clock.advance(4 * 60_000);
    const child = String(
      await t.db.value(`SELECT id FROM tickets WHERE state = 'waiting' AND target_counter_id = ?`, [
        t.counter[3],
      ]),
    );
    // Counter 3 does not serve category A, and counter 1 no longer lists it: still it waits.
    expect(await of('A')).toEqual({
      categoryId: t.category.A,
      waiting: 1,
      longestWaitMinutes: await minutesSince(child),
    });
    await expectConsistent();
  });

  it('counts a client in a category no open counter serves now', async () => {
    const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.I });
    expect(issued.statusCode, issued.body).toBe(201);
    t.clock.advance(2 * 60_000);
    expect(await of('I')).toEqual({ categoryId: t.category.I, waiting: 1, longestWaitMinutes: 2 });
    await expectConsistent();
  });

  it('gives a booked client who checked in before the slot 0 minutes until it starts, then counts from it', async () => {
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:10')));
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/bookings',
      remoteAddress: '10.2.0.1',
      payload: { categoryId: t.category.R, at: atOfficeTime(MONDAY, '10:00') },
    });
    expect(made.statusCode, made.body).toBe(201);
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:45')));
    const checkedIn = await t.request('kiosk', 'POST', '/api/bookings/check-in', {
      code: made.json<Booking>().code,
    });
    expect(checkedIn.statusCode, checkedIn.body).toBe(201);
    expect(checkedIn.json<IssuedTicket>().id).toBeTruthy();
    expect(await of('R')).toEqual({ categoryId: t.category.R, waiting: 1, longestWaitMinutes: 0 });
    await expectConsistent();
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '10:05')));
    expect((await of('R'))?.longestWaitMinutes).toBe(5);
    await expectConsistent();
  });

  it('lists an early booked client at the counter by the slot’s time, never with a negative wait, as the dashboard counts', async () => {
    // The 10:00 booking from above still waits; a second client books 11:00 and comes at 10:40.
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/bookings',
      remoteAddress: '10.2.0.2',
      payload: { categoryId: t.category.R, at: atOfficeTime(MONDAY, '11:00') },
    });
    expect(made.statusCode, made.body).toBe(201);
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '10:40')));
    const checkedIn = await t.request('kiosk', 'POST', '/api/bookings/check-in', {
      code: made.json<Booking>().code,
    });
    expect(checkedIn.statusCode, checkedIn.body).toBe(201);
    const early = checkedIn.json<IssuedTicket>();
    const counter = t.counter[4] ?? '';
    expect((await t.request('clerk2', 'POST', `/api/counters/${counter}/open`)).statusCode).toBe(200);
    const detail = await t.request('clerk2', 'GET', `/api/counters/${counter}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const waiting = detail.json<CounterDetail>().waiting.filter((w) => w.categoryId === t.category.R);
    const listed = waiting.find((w) => w.id === early.id);
    expect(listed).toMatchObject({ waitedMinutes: 0, bookedFor: '11:00', beforeSlot: true });
    const older = waiting.find((w) => w.id !== early.id);
    expect(older).toMatchObject({ waitedMinutes: 40, bookedFor: '10:00' });
    expect(older?.beforeSlot).toBeUndefined();
    for (const w of detail.json<CounterDetail>().waiting)
      expect(w.waitedMinutes, w.code).toBeGreaterThanOrEqual(0);
    // The panel's longest wait is the dashboard's.
    expect((await of('R'))?.longestWaitMinutes).toBe(Math.max(...waiting.map((w) => w.waitedMinutes)));

    // Called before the slot (the clerk has time): waited 0, not −19.
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '10:41')));
    const called = await t.request('clerk2', 'POST', `/api/counters/${counter}/call`, {
      ticketId: early.id,
      reasonCode: 'appointment',
    });
    expect(called.statusCode, called.body).toBe(200);
    const ticket = called.json<CounterActionResult>().detail.ticket;
    expect(ticket?.code).toBe(early.code);
    expect(ticket?.waitedMinutes).toBe(0);
    expect(ticket?.beforeSlot).toBeUndefined();
  });

  it('is for supervisors: a clerk is refused', async () => {
    expect((await t.request('clerk', 'GET', '/api/admin/queue/waiting')).statusCode).toBe(403);
  });
});
