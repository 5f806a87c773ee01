import { addDays, createTestApp, MONDAY, atOfficeTime, type TestApp } from '@numerek/server/testing';
import type { BookingDay, PublicCategory, QueueStatus } from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openForBookings } from './support/open-for-bookings.ts';

/**
 * A matter no active counter is set up to serve, on SQLite and on PostgreSQL: the kiosk refuses
 * its tickets (CATEGORY_CLOSED, no_counter), and so do the public booking and its days and slots;
 * the public queue status reports it not open. Once a counter is set up for it, all of them open.
 */
let t: TestApp;
let z: string;
let counterId: string;
const TUESDAY = addDays(MONDAY, 1);

beforeAll(async () => {
  t = await createTestApp();
  const created = await t.request('supervisor', 'POST', '/api/admin/categories', {
    prefix: 'Z',
    names: { pl: 'Sprawy Z', en: 'Matters Z', uk: 'Справи Z' },
  });
  expect(created.statusCode, created.body).toBe(201);
  z = created.json<{ id: string }>().id;
  await openForBookings(t, z);
  // Set up for Z, but switched off: it serves nobody.
  const off = await t.request('admin', 'POST', '/api/admin/counters', {
    name: 'Stanowisko Z',
    categoryIds: [z],
    active: false,
  });
  expect(off.statusCode, off.body).toBe(201);
  counterId = off.json<{ id: string }>().id;
});
afterAll(async () => t?.close());

const errorOf = (res: LightMyRequestResponse) =>
  res.json<{ error: { code: string; params?: Record<string, unknown> } }>().error;

const expectNoCounter = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(409);
  expect(errorOf(res)).toMatchObject({
    code: 'CATEGORY_CLOSED',
    params: { category: 'Z', reason: 'no_counter' },
  });
};

const book = () =>
  t.app.inject({
    method: 'POST',
    url: '/api/bookings',
    payload: { categoryId: z, at: atOfficeTime(TUESDAY, '10:00'), contact: 'klient@example.pl' },
  });

async function statusOfZ() {
  const res = await t.request('anonymous', 'GET', '/api/public/queue-status');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<QueueStatus>().categories.find((c) => c.letter === 'Z');
}

const setActive = async (active: boolean) => {
  const res = await t.request('admin', 'PATCH', `/api/admin/counters/${counterId}`, { active });
  expect(res.statusCode, res.body).toBe(200);
};

describe('a matter no active counter is set up for', () => {
  it('cannot be booked, as the kiosk cannot issue it, and the queue status says it is not open', async () => {
    const tile = (await t.request('kiosk', 'GET', '/api/categories'))
      .json<PublicCategory[]>()
      .find((c) => c.prefix === 'Z');
    expect(tile?.status).toBe('no_counter');
    expectNoCounter(await t.request('kiosk', 'POST', '/api/tickets', { categoryId: z }));

    expectNoCounter(await t.request('anonymous', 'GET', `/api/bookings/days?categoryId=${z}`));
    expectNoCounter(
      await t.request('anonymous', 'GET', `/api/bookings/slots?categoryId=${z}&day=${TUESDAY}`),
    );
    expectNoCounter(await book());
    expect(await t.db.value('SELECT count(*) FROM bookings')).toBe(0);

    // Within its hours (Monday 09:00), but nobody could call it.
    expect(await statusOfZ()).toMatchObject({ open: false, openCounters: 0, waiting: 0 });
    // A matter a counter is set up for is open in its hours, its counters open or not.
    const a = (await t.request('anonymous', 'GET', '/api/public/queue-status'))
      .json<QueueStatus>()
      .categories.find((c) => c.letter === 'A');
    expect(a).toMatchObject({ open: true, openCounters: 0 });
  });

  it('opens for booking and in the queue status once an active counter is set up for it, and closes again after', async () => {
    await setActive(true);
    const days = await t.request('anonymous', 'GET', `/api/bookings/days?categoryId=${z}`);
    expect(days.statusCode, days.body).toBe(200);
    expect(days.json<BookingDay[]>().some((d) => d.day === TUESDAY && d.free > 0)).toBe(true);
    const booked = await book();
    expect(booked.statusCode, booked.body).toBe(201);
    expect(await statusOfZ()).toMatchObject({ open: true });

    await setActive(false);
    expectNoCounter(await book());
    expect(await statusOfZ()).toMatchObject({ open: false });
    // The booking made meanwhile stays: its holder can still see it.
    const kept = await t.request('anonymous', 'GET', `/api/bookings/${booked.json<{ id: string }>().id}`);
    expect(kept.statusCode, kept.body).toBe(200);
  });
});
