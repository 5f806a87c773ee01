import { atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import type { Booking, IssuedTicket } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openForBookings } from './support/open-for-bookings.ts';

/**
 * The real server's printed estimate counts the bookings due before a walk-in
 * (docs/decisions/0007-wait-estimate.md, 0033-bookings.md), on SQLite and on PostgreSQL: the same
 * pure core as the simulation, fed the bookings not yet checked in.
 */

let t: TestApp;
let category: string;

beforeAll(async () => {
  t = await createTestApp();
  category = t.category.A ?? '';
  await openForBookings(t, category);
});
afterAll(async () => {
  await t?.close();
});

let address = 1;
async function book(time: string): Promise<Booking> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/bookings',
    remoteAddress: `10.1.0.${address++}`,
    payload: { categoryId: category, at: atOfficeTime(MONDAY, time) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Booking>();
}

const status = async (id: string) => {
  const res = await t.request('anonymous', 'GET', `/api/tickets/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ peopleAhead: number; estimatedWait: { minMinutes: number; maxMinutes: number } }>();
};

describe('the printed estimate beside bookings', () => {
  it('counts the booked clients due before a walk-in, and forgets a booking once it is cancelled', async () => {
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:00')));
    const due = [await book('09:30'), await book('09:30'), await book('09:45')];
    const later = await book('16:00');
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:20')));
    let last: IssuedTicket | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: category });
      expect(res.statusCode, res.body).toBe(201);
      last = res.json<IssuedTicket>();
    }
    const walkIn = last as IssuedTicket;
    // Eleven walk-ins wait before it, and the bookings due at 09:30 and 09:45 pass it by their
    // slot's weight and maximum wait; the one at 16:00 comes after its call.
    expect(walkIn.peopleAhead).toBeGreaterThan(11);
    expect(walkIn.peopleAhead).toBeLessThanOrEqual(11 + due.length);
    const counted = await status(walkIn.id);
    expect(counted.peopleAhead).toBe(walkIn.peopleAhead);

    for (const b of due)
      expect((await t.request('anonymous', 'DELETE', `/api/bookings/${b.id}`)).statusCode).toBe(200);
    const without = await status(walkIn.id);
    expect(without.peopleAhead).toBe(11);
    expect(without.estimatedWait.maxMinutes).toBeLessThan(counted.estimatedWait.maxMinutes);
    expect((await t.request('anonymous', 'DELETE', `/api/bookings/${later.id}`)).statusCode).toBe(200);
    expect(await status(walkIn.id)).toEqual(without);
  });
  it('expects, for a booked client who checks in before the slot, the walk-ins the last hour predicts until then', async () => {
    // Continues the day above: twelve walk-ins issued at 09:20 wait. One counter calls ten of
    // them, serving each for two minutes, so two wait when the booked client checks in.
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:20')));
    expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`)).statusCode).toBe(200);
    const act = async (name: string) => {
      const res = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/${name}`);
      expect(res.statusCode, res.body).toBe(200);
    };
    for (let i = 0; i < 10; i++) {
      await act('next');
      await act('start');
      t.clock.advance(2 * 60_000);
      await act('finish');
    }
    const booking = await book('10:00');
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:40')));
    const res = await t.request('kiosk', 'POST', '/api/bookings/check-in', { code: booking.code });
    expect(res.statusCode, res.body).toBe(201);
    const ticket = res.json<IssuedTicket>();
    // Until 10:00 the booked ticket has waited nothing: the two who wait go first, and so do the
    // walk-ins who come meanwhile (twelve in the last hour: one every five minutes), until the
    // booked weight catches up with them. Without them the estimate would say 2.
    expect(ticket.peopleAhead).toBeGreaterThan(2);
    expect(ticket.peopleAhead).toBeLessThanOrEqual(2 + 4);
    expect((await status(ticket.id)).peopleAhead).toBe(ticket.peopleAhead);
  });
});
