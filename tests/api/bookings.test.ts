import {
  addDays,
  atOfficeTime,
  createTestApp,
  MONDAY,
  type TestApp,
  type Who,
} from '@numerek/server/testing';
import type {
  Booking,
  BookingDay,
  BookingDayPlan,
  BookingFeed,
  BookingSettings,
  BookingSlots,
  BookingsChanged,
  CallDecision,
  IssuedTicket,
  PortalChanges,
  PortalImportResult,
  PublicCategory,
  Report,
} from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfTexts } from '../../server/src/testing/pdf-text.ts';
import { connect, listen, once } from '../realtime/support.ts';
import { databaseSnapshot } from '../security/support.ts';
import { openForBookings } from './support/open-for-bookings.ts';

/**
 * Bookings over HTTP (docs/decisions/0033-bookings.md), on SQLite and on PostgreSQL: the
 * supervisor's capacity, public booking with its limits, the kiosk's check-in and its window, the
 * fair merge with walk-ins, no-shows, the portal's import (a repeated import changes nothing), CSV
 * and iCal.
 */

const MIN = 60_000;
const TUESDAY = addDays(MONDAY, 1);
const WEDNESDAY = addDays(MONDAY, 2);

let t: TestApp;
let category: string;

beforeAll(async () => {
  t = await createTestApp();
  category = t.category.A ?? '';
  // Slots lie inside opening hours: Monday 08:00–17:00, Tuesday to Friday 08:00–15:30.
  const hours = [1, 2, 3, 4, 5].map((day) => ({ day, open: '08:00', close: day === 1 ? '17:00' : '15:30' }));
  const res = await t.request('admin', 'PATCH', `/api/admin/categories/${category}`, { openingHours: hours });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

/** A request from its own address: the per-address limit counts each address apart. */
const fromAddress = (ip: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: object) =>
  t.app.inject({ method, url, remoteAddress: ip, ...(body ? { payload: body } : {}) });

let nextAddress = 1;
const book = (body: object, ip = `10.0.0.${nextAddress++}`) => fromAddress(ip, 'POST', '/api/bookings', body);

async function booked(at: string, extra: object = {}): Promise<Booking> {
  const res = await book({ categoryId: category, at, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Booking>();
}

const json = <T>(res: LightMyRequestResponse, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
};

const errorOf = (res: LightMyRequestResponse) =>
  res.json<{ error: { code: string; params?: Record<string, unknown> } }>().error;

async function checkIn(token: Who | string, code: string): Promise<LightMyRequestResponse> {
  if (token === 'kiosk') return t.request('kiosk', 'POST', '/api/bookings/check-in', { code });
  return t.app.inject({
    method: 'POST',
    url: '/api/bookings/check-in',
    headers: { authorization: `Bearer ${token}` },
    payload: { code },
  });
}

describe('booking capacity', () => {
  it('is off until a supervisor sets it, and then offers slots inside the opening hours from the next day', async () => {
    const refused = await book({ categoryId: category, at: atOfficeTime(TUESDAY, '08:00') });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(errorOf(refused)).toMatchObject({
      code: 'BOOKING_UNAVAILABLE',
      params: { reason: 'not_bookable' },
    });
    // The public list of matters says which take bookings, so the booking page asks only for those.
    const bookable = async () =>
      json<PublicCategory[]>(await t.request('anonymous', 'GET', '/api/categories'))
        .filter((c) => c.bookable)
        .map((c) => c.id);
    expect(await bookable()).toEqual([]);

    const set = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${category}`, {
      enabled: true,
      slotMinutes: 15,
      perSlot: 1,
      walkInPercent: 50,
      daysFrom: 1,
      daysAhead: 7,
    });
    expect(json<BookingSettings>(set)).toMatchObject({ enabled: true, weight: 3, maxWaitMinutes: 5 });
    const all = json<BookingSettings[]>(await t.request('supervisor', 'GET', '/api/admin/bookings/settings'));
    expect(all.find((s) => s.categoryId === category)?.enabled).toBe(true);
    expect(all.filter((s) => s.enabled)).toHaveLength(1);
    expect(await bookable()).toEqual([category]);

    const days = json<BookingDay[]>(
      await t.request('anonymous', 'GET', `/api/bookings/days?categoryId=${category}`),
    );
    expect(days[0]?.day).toBe(TUESDAY);
    expect(days).toHaveLength(7);
    // Tuesday 08:00–15:30: 30 slots of 15 minutes, every other one kept for walk-ins.
    expect(days[0]?.free).toBe(15);
    const slots = json<BookingSlots>(
      await t.request('anonymous', 'GET', `/api/bookings/slots?categoryId=${category}&day=${TUESDAY}`),
    );
    expect(slots.slots.slice(0, 3).map((s) => s.time)).toEqual(['08:15', '08:45', '09:15']);
    expect(slots.slots[0]?.at).toBe(atOfficeTime(TUESDAY, '08:15'));
    // Today is not bookable (daysFrom 1): no slots.
    const today = json<BookingSlots>(
      await t.request('anonymous', 'GET', `/api/bookings/slots?categoryId=${category}&day=${MONDAY}`),
    );
    expect(today.slots).toEqual([]);
  });

  it('refuses settings whose last day comes before the first, and malformed ones, with a code', async () => {
    const res = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${category}`, {
      daysFrom: 9,
      daysAhead: 3,
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'daysAhead' } });
    for (const body of [{ perSlot: 0 }, { slotMinutes: 'x' }, {}, { walkInPercent: 101 }, { other: 1 }]) {
      const bad = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${category}`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(bad).code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('public booking', () => {
  it('gives a 6-digit code and a link, and takes the place: a full slot and a time that is no slot are refused', async () => {
    const b = await booked(atOfficeTime(TUESDAY, '08:15'));
    expect(b.code).toMatch(/^\d{6}$/);
    expect(b).toMatchObject({ day: TUESDAY, time: '08:15', status: 'booked', categoryId: category });
    expect(b.manageUrl).toContain(b.id);
    const slots = json<BookingSlots>(
      await t.request('anonymous', 'GET', `/api/bookings/slots?categoryId=${category}&day=${TUESDAY}`),
    );
    expect(slots.slots[0]?.time).toBe('08:45');

    const full = await book({ categoryId: category, at: atOfficeTime(TUESDAY, '08:15') });
    expect(full.statusCode).toBe(409);
    expect(errorOf(full).params?.reason).toBe('slot_full');
    for (const at of [
      atOfficeTime(TUESDAY, '08:00'),
      atOfficeTime(TUESDAY, '08:16'),
      atOfficeTime(MONDAY, '10:15'),
    ]) {
      const res = await book({ categoryId: category, at });
      expect(res.statusCode, at).toBe(409);
      expect(errorOf(res).params?.reason, at).toBe('not_a_slot');
    }
    expect(
      (await book({ categoryId: 'no-such-category', at: atOfficeTime(TUESDAY, '08:45') })).statusCode,
    ).toBe(404);
  });

  it('refuses malformed bookings with a 400 and writes nothing; it asks for no PESEL', async () => {
    const before = await databaseSnapshot(t, { withSessions: false });
    for (const body of [
      {},
      { categoryId: category },
      { categoryId: category, at: 'tomorrow' },
      { categoryId: category, at: atOfficeTime(TUESDAY, '08:45'), contact: 'x' },
      { categoryId: category, at: atOfficeTime(TUESDAY, '08:45'), pesel: '90010112345' },
    ]) {
      const res = await book(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    }
    expect(await databaseSnapshot(t, { withSessions: false })).toBe(before);
  });

  it('holds a contact to two live bookings, and an address to five bookings an hour', async () => {
    const contact = 'Jan.Kowalski@example.com';
    await booked(atOfficeTime(WEDNESDAY, '08:15'), { contact });
    await booked(atOfficeTime(WEDNESDAY, '08:45'), { contact: 'jan.kowalski@EXAMPLE.com' });
    const third = await book({ categoryId: category, at: atOfficeTime(WEDNESDAY, '09:15'), contact });
    expect(third.statusCode).toBe(409);
    expect(errorOf(third).params).toMatchObject({ reason: 'contact_limit', count: 2 });

    const ip = '10.9.9.9';
    const answers: number[] = [];
    for (const time of ['10:15', '10:45', '11:15', '11:45', '12:15', '12:45'])
      answers.push((await book({ categoryId: category, at: atOfficeTime(WEDNESDAY, time) }, ip)).statusCode);
    expect(answers).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('shows and cancels a booking by its link; cancelling again changes nothing, and frees the place', async () => {
    const b = await booked(atOfficeTime(TUESDAY, '14:15'));
    // The matter booked, in the office's three languages, for the holder's page.
    const categories = json<Array<{ id: string; names: Booking['categoryNames'] }>>(
      await t.request('anonymous', 'GET', '/api/categories'),
    );
    expect(b.categoryNames).toEqual(categories.find((c) => c.id === category)?.names);
    expect(b.categoryNames.uk).toMatch(/\p{Script=Cyrillic}/u);
    expect(json<Booking>(await t.request('anonymous', 'GET', `/api/bookings/${b.id}`))).toEqual(b);
    const cancelled = json<Booking>(await t.request('anonymous', 'DELETE', `/api/bookings/${b.id}`));
    expect(cancelled.status).toBe('cancelled');
    const before = await databaseSnapshot(t, { withSessions: false });
    expect(json<Booking>(await t.request('anonymous', 'DELETE', `/api/bookings/${b.id}`))).toEqual(cancelled);
    expect(await databaseSnapshot(t, { withSessions: false })).toBe(before);
    await booked(atOfficeTime(TUESDAY, '14:15'));
    expect((await t.request('anonymous', 'GET', '/api/bookings/no-such-booking')).statusCode).toBe(404);
  });
});

describe('check-in at the kiosk', () => {
  let onTime: Booking;
  let late: Booking;

  // Today, so that staff sessions stay valid: the office now takes bookings from today on.
  beforeAll(async () => {
    const res = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${category}`, {
      daysFrom: 0,
    });
    expect(res.statusCode, res.body).toBe(200);
    onTime = await booked(atOfficeTime(MONDAY, '09:45'));
    late = await booked(atOfficeTime(MONDAY, '10:15'));
  });

  it('says too early before the window, then gives a ticket that waits from the slot', async () => {
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:00')));
    const early = await checkIn('kiosk', onTime.code);
    expect(early.statusCode, early.body).toBe(409);
    expect(errorOf(early)).toMatchObject({
      code: 'CHECK_IN_REFUSED',
      params: { reason: 'too_early', time: '09:45', count: 15 },
    });

    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:30')));
    const ticket = json<IssuedTicket>(await checkIn('kiosk', onTime.code), 201);
    expect(ticket.bookedFor).toBe('09:45');
    expect(ticket.categoryId).toBe(category);
    expect(await t.db.value('SELECT queued_at FROM tickets WHERE id = ?', [ticket.id])).toBe(
      Date.parse(atOfficeTime(MONDAY, '09:45')),
    );
    expect(await t.db.value('SELECT booked FROM tickets WHERE id = ?', [ticket.id])).toBe(1);
    expect(json<Booking>(await t.request('anonymous', 'GET', `/api/bookings/${onTime.id}`)).status).toBe(
      'checked_in',
    );
    // Once checked in, the code is spent: typed again, the kiosk is told so, with the ticket it gave,
    // and no second ticket is issued.
    const tickets = await t.db.value('SELECT count(*) FROM tickets');
    const again = await checkIn('kiosk', onTime.code);
    expect(again.statusCode, again.body).toBe(409);
    expect(errorOf(again)).toMatchObject({
      code: 'CHECK_IN_REFUSED',
      params: { reason: 'checked_in', ticket: ticket.code },
    });
    expect(await t.db.value('SELECT count(*) FROM tickets')).toBe(tickets);
  });

  it('calls a walk-in first while the booked client is early, and the booked client promptly after the slot, saying so', async () => {
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:31')));
    const walkIn = json<IssuedTicket>(
      await t.request('kiosk', 'POST', '/api/tickets', { categoryId: category }),
      201,
    );
    const act = async (action: string) => {
      const res = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/${action}`);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      return res.json<{ ticket: { id: string; callDecision: CallDecision | null } | null }>();
    };
    await act('open');
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:40')));
    expect((await act('next')).ticket?.id).toBe(walkIn.id);
    await act('start');
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '09:51')));
    await act('finish');
    // The booked client has waited 6 minutes from the slot, past the booked maximum of 5.
    const called = (await act('next')).ticket;
    expect(called?.callDecision).toMatchObject({ rule: 'max_wait', ticket: { bookedFor: '09:45' } });
    const reason = await t.db.value<string>('SELECT call_reason FROM tickets WHERE id = ?', [
      called?.id ?? '',
    ]);
    expect(reason).toMatch(/^booked for 09:45; /);
    await act('start');
    await act('finish');
    await act('close');
  });

  it('says too late after the window, and a normal ticket is still issued; the missed booking becomes a no-show', async () => {
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '10:21')));
    const res = await checkIn('kiosk', late.code);
    expect(errorOf(res)).toMatchObject({
      code: 'CHECK_IN_REFUSED',
      params: { reason: 'too_late', time: '10:15' },
    });
    expect((await t.request('kiosk', 'POST', '/api/tickets', { categoryId: category })).statusCode).toBe(201);

    expect(await t.app.services.bookings.markNoShows()).toBeGreaterThanOrEqual(1);
    expect(json<Booking>(await t.request('anonymous', 'GET', `/api/bookings/${late.id}`)).status).toBe(
      'no_show',
    );
    // Its slot is not offered again: the day's plan counts it as taken.
    const plan = json<BookingDayPlan>(
      await t.request('supervisor', 'GET', `/api/admin/bookings?day=${MONDAY}`),
    );
    expect(plan.slots.find((s) => s.time === '10:15')).toMatchObject({ places: 1, booked: 1 });
    expect(plan.bookings.map((b) => b.status)).toEqual(expect.arrayContaining(['checked_in', 'no_show']));
    expect(await t.app.services.bookings.markNoShows()).toBe(0);
  });

  it('slows down the kiosk that typed three wrong codes, not the office’s other kiosks', async () => {
    const guessing = await t.newDevice('kiosk', 'Kiosk guessing');
    const other = await t.newDevice('kiosk', 'Kiosk beside it');
    const codes: Array<[number, string]> = [];
    for (const code of ['111111', '222222', '333333', '444444']) {
      const res = await checkIn(guessing.token, code);
      codes.push([res.statusCode, errorOf(res).code]);
    }
    expect(codes).toEqual([
      [409, 'CHECK_IN_REFUSED'],
      [409, 'CHECK_IN_REFUSED'],
      [409, 'CHECK_IN_REFUSED'],
      [429, 'RATE_LIMITED'],
    ]);
    const slowed = await checkIn(guessing.token, '555555');
    expect(errorOf(slowed).params?.retryAfterSeconds).toBeGreaterThan(0);
    expect(errorOf(await checkIn(other.token, '555555')).code).toBe('CHECK_IN_REFUSED');
    t.clock.advance(31_000);
    expect(errorOf(await checkIn(guessing.token, '555555')).code).toBe('CHECK_IN_REFUSED');
  });

  it('checks in with the phone number given when booking where the office allows it, by the same window and the same slowdown', async () => {
    const phoneKiosk = await t.newDevice('kiosk', 'Kiosk by phone');
    const byPhone = (phone: string, token = phoneKiosk.token, extra: object = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/bookings/check-in',
        headers: { authorization: `Bearer ${token}` },
        payload: { phone, ...extra },
      });
    const options = (token: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/bookings/check-in/options',
        headers: { authorization: `Bearer ${token}` },
      });
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '10:25')));
    expect(json<{ phone: boolean }>(await options(phoneKiosk.token))).toEqual({ phone: false });
    expect(errorOf(await byPhone('600300400'))).toMatchObject({
      code: 'CHECK_IN_REFUSED',
      params: { reason: 'phone_not_allowed' },
    });
    json(await t.request('supervisor', 'PATCH', '/api/admin/bookings/office', { phoneCheckIn: true }));
    expect(json<{ phone: boolean }>(await options(phoneKiosk.token))).toEqual({ phone: true });

    const slot = json<BookingSlots>(
      await t.request('anonymous', 'GET', `/api/bookings/slots?categoryId=${category}&day=${MONDAY}`),
    ).slots.find((s) => s.time >= '11:00');
    if (!slot) throw new Error('no free slot from 11:00');
    await booked(slot.at, { contact: '+48 600 300 400' });
    const early = await byPhone('600300400');
    expect(errorOf(early)).toMatchObject({
      code: 'CHECK_IN_REFUSED',
      params: { reason: 'too_early', time: slot.time },
    });

    t.clock.set(Date.parse(slot.at) - 20 * MIN);
    const ticket = json<IssuedTicket>(await byPhone('600300400'), 201);
    expect(ticket.bookedFor).toBe(slot.time);
    // A phone number is no secret: typed again, it tells nobody the ticket it got.
    const again = errorOf(await byPhone('600300400'));
    expect(again).toMatchObject({ code: 'CHECK_IN_REFUSED', params: { reason: 'unknown_code' } });
    expect(JSON.stringify(again)).not.toContain(ticket.code);

    // A number with no booking today counts as a wrong code: three slow that kiosk down.
    const guessing = await t.newDevice('kiosk', 'Kiosk guessing numbers');
    const codes: Array<[number, string]> = [];
    for (const phone of ['500000001', '500000002', '500000003', '500000004']) {
      const res = await byPhone(phone, guessing.token);
      codes.push([res.statusCode, errorOf(res).code]);
    }
    expect(codes).toEqual([
      [409, 'CHECK_IN_REFUSED'],
      [409, 'CHECK_IN_REFUSED'],
      [409, 'CHECK_IN_REFUSED'],
      [429, 'RATE_LIMITED'],
    ]);
    // Both a code and a number, or neither, or a malformed number: 400, nothing written.
    for (const payload of [
      { code: '123456', phone: '600300400' },
      {},
      { phone: '12345' },
      { phone: 'abc' },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/bookings/check-in',
        headers: { authorization: `Bearer ${phoneKiosk.token}` },
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await t.request('clerk', 'GET', '/api/admin/bookings/office')).statusCode).toBe(403);
  });

  it('is for kiosks only, and refuses a malformed code with a 400', async () => {
    expect((await t.request('clerk', 'POST', '/api/bookings/check-in', { code: '123456' })).statusCode).toBe(
      403,
    );
    for (const code of ['12345', '1234567', 'abcdef', 123456]) {
      const res = await t.request('kiosk', 'POST', '/api/bookings/check-in', { code });
      expect(res.statusCode, String(code)).toBe(400);
    }
  });
});

describe('the import API of an office’s own booking portal', () => {
  const at = atOfficeTime(addDays(MONDAY, 3), '10:00');
  const put = (portalId: string, body: object) =>
    t.request('admin', 'PUT', `/api/admin/bookings/portal/${portalId}`, body);

  it('creates, moves and cancels by the portal’s id; a repeated import changes nothing', async () => {
    const first = json<PortalImportResult>(
      await put('P-100', { categoryId: category, at, contact: '+48 600 100 200' }),
    );
    expect(first).toMatchObject({
      changed: true,
      booking: { portalId: 'P-100', source: 'portal', status: 'booked' },
    });
    expect(first.booking.code).toMatch(/^\d{6}$/);

    const before = await databaseSnapshot(t, { withSessions: false });
    t.clock.advance(MIN);
    const repeated = json<PortalImportResult>(
      await put('P-100', { categoryId: category, at, contact: '+48 600 100 200' }),
    );
    expect(repeated).toEqual({ ...first, changed: false });
    expect(await databaseSnapshot(t, { withSessions: false })).toBe(before);

    const later = atOfficeTime(addDays(MONDAY, 3), '10:30');
    const moved = json<PortalImportResult>(
      await put('P-100', { categoryId: category, at: later, contact: '+48 600 100 200' }),
    );
    expect(moved).toMatchObject({
      changed: true,
      booking: { at: later, code: first.booking.code, id: first.booking.id },
    });

    const cancelled = json<PortalImportResult>(
      await t.request('admin', 'DELETE', '/api/admin/bookings/portal/P-100'),
    );
    expect(cancelled).toMatchObject({ changed: true, booking: { status: 'cancelled' } });
    const still = await databaseSnapshot(t, { withSessions: false });
    const again = json<PortalImportResult>(
      await t.request('admin', 'DELETE', '/api/admin/bookings/portal/P-100'),
    );
    expect(again.changed).toBe(false);
    expect(await databaseSnapshot(t, { withSessions: false })).toBe(still);
    const revived = await put('P-100', { categoryId: category, at });
    expect(errorOf(revived)).toMatchObject({ code: 'BOOKING_UNAVAILABLE', params: { reason: 'not_live' } });
    expect((await t.request('admin', 'DELETE', '/api/admin/bookings/portal/P-nobody')).statusCode).toBe(404);
  });

  it('reads the portal’s check-ins, no-shows and cancellations back', async () => {
    const since = new Date(t.clock.now()).toISOString();
    t.clock.advance(MIN);
    json<PortalImportResult>(await put('P-200', { categoryId: category, at }));
    const changes = json<PortalChanges>(
      await t.request('admin', 'GET', `/api/admin/bookings/portal?since=${since}`),
    );
    expect(changes.bookings.map((b) => [b.portalId, b.status])).toEqual([['P-200', 'booked']]);
  });

  it('takes the portal’s own device token instead of a staff session, and that token opens nothing else', async () => {
    const portal = await t.newDevice('portal', 'Portal rezerwacji urzędu');
    const asPortal = (
      method: 'GET' | 'PUT' | 'DELETE' | 'POST',
      url: string,
      body?: object,
      token = portal.token,
    ) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(body ? { payload: body } : {}),
      });
    const since = new Date(t.clock.now()).toISOString();
    t.clock.advance(MIN);
    const made = json<PortalImportResult>(
      await asPortal('PUT', '/api/admin/bookings/portal/P-300', { categoryId: category, at }),
    );
    expect(made).toMatchObject({ changed: true, booking: { portalId: 'P-300', source: 'portal' } });
    const before = await databaseSnapshot(t, { withSessions: false });
    const repeated = json<PortalImportResult>(
      await asPortal('PUT', '/api/admin/bookings/portal/P-300', { categoryId: category, at }),
    );
    expect(repeated.changed).toBe(false);
    expect(await databaseSnapshot(t, { withSessions: false })).toBe(before);
    const changes = json<PortalChanges>(await asPortal('GET', `/api/admin/bookings/portal?since=${since}`));
    expect(changes.bookings.map((b) => b.portalId)).toContain('P-300');
    expect(
      json<PortalImportResult>(await asPortal('DELETE', '/api/admin/bookings/portal/P-300')).changed,
    ).toBe(true);

    // The portal's token opens the import API only; a kiosk's token does not open the import API.
    for (const [method, url] of [
      ['GET', '/api/admin/bookings/settings'],
      ['GET', `/api/admin/bookings?day=${MONDAY}`],
      ['GET', '/api/admin/users'],
      ['POST', '/api/tickets'],
      ['POST', '/api/bookings/check-in'],
    ] as const) {
      const res = await asPortal(
        method,
        url,
        method === 'POST' ? { categoryId: category, code: '123456' } : undefined,
      );
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await t.request('kiosk', 'GET', `/api/admin/bookings/portal?since=${since}`)).statusCode).toBe(
      403,
    );

    // Revoked in the console, the token opens nothing.
    expect(
      (await t.request('supervisor', 'DELETE', `/api/admin/devices/${portal.id}`)).statusCode,
    ).toBeLessThan(300);
    expect((await asPortal('GET', `/api/admin/bookings/portal?since=${since}`)).statusCode).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const doc = json<{ paths: Record<string, Record<string, unknown>> }>(
      await t.request('anonymous', 'GET', '/api/openapi.json'),
    );
    expect(Object.keys(doc.paths['/api/admin/bookings/portal/{portalId}'] ?? {}).sort()).toEqual([
      'delete',
      'put',
    ]);
    expect(Object.keys(doc.paths['/api/admin/bookings/portal'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/bookings/feed/{token}'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/admin/bookings/calendar/{id}/feed'] ?? {})).toEqual(['post']);
  });
});

describe('the bookings as files', () => {
  it('exports CSV for a Polish Excel', async () => {
    const res = await t.request(
      'supervisor',
      'GET',
      `/api/admin/bookings/export?from=${MONDAY}&to=${addDays(MONDAY, 7)}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(
      res.body.startsWith('\uFEFFday;time;category;code;status;source;portal_id;contact;checked_in\r\n'),
    ).toBe(true);
    expect(res.body).toMatch(new RegExp(`\r\n${MONDAY};09:45;A;\\d{6};checked_in;public;;;09:30\r\n`));
    expect(res.body).toContain(';no_show;');
    expect(res.body).toContain("'+48600100200");
  });

  it('gives a category’s bookings as an RFC 5545 calendar, without contacts', async () => {
    const res = await t.request('supervisor', 'GET', `/api/admin/bookings/calendar/${category}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT').length).toBeGreaterThan(3);
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(res.body).toContain(
      `DTSTART:${atOfficeTime(MONDAY, '09:45').replace(/[-:]/g, '').replace('.000', '')}`,
    );
    expect(res.body).not.toContain('example.com');
  });
});

describe('the calendar feed of a category', () => {
  it('is read by a calendar application without a session at a secret address, which a supervisor can renew', async () => {
    expect(
      (await t.request('clerk', 'POST', `/api/admin/bookings/calendar/${category}/feed`)).statusCode,
    ).toBe(403);
    const first = json<BookingFeed>(
      await t.request('supervisor', 'POST', `/api/admin/bookings/calendar/${category}/feed`),
      201,
    );
    expect(first.url).toMatch(/\/api\/bookings\/feed\/[A-Za-z0-9_-]{43}$/);
    const path = (url: string) => new URL(url).pathname;
    const read = await t.app.inject({ method: 'GET', url: path(first.url) });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(read.body.split('\r\n')[0]).toBe('BEGIN:VCALENDAR');
    expect(read.body).toContain('BEGIN:VEVENT');
    expect(read.body).not.toContain('+48');
    // Only a hash of the secret is kept.
    const secret = first.url.split('/').at(-1) ?? '';
    expect(await t.db.value('SELECT count(*) FROM booking_feeds WHERE token_hash = ?', [secret])).toBe(0);

    const renewed = json<BookingFeed>(
      await t.request('supervisor', 'POST', `/api/admin/bookings/calendar/${category}/feed`),
      201,
    );
    expect(renewed.url).not.toBe(first.url);
    expect((await t.app.inject({ method: 'GET', url: path(first.url) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: path(renewed.url) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/bookings/feed/not-a-secret' })).statusCode).toBe(
      400,
    );
  });
});

// Last: it folds the Monday of the tests before it into the retained aggregates.
describe('the bookings in the reports', () => {
  it('counts booked, checked-in and missed clients and the minutes from slot to call per category and day, in JSON, CSV and PDF, and keeps them when the day is folded', async () => {
    const report = json<Report>(await t.request('supervisor', 'GET', `/api/reports/daily?date=${MONDAY}`));
    // 09:45 checked in and called at 09:51; 10:15 did not come; the one checked in by phone not called yet.
    expect(report.bookings).toEqual([
      {
        day: MONDAY,
        categoryId: category,
        label: expect.stringMatching(/^A /) as string,
        booked: 3,
        checkedIn: 2,
        noShow: 1,
        slotToCall: { count: 1, mean: 6, median: 6, p90: 6, max: 6 },
      },
    ]);
    const csv = await t.request('supervisor', 'GET', `/api/reports/daily?date=${MONDAY}&format=csv&lang=pl`);
    expect(csv.body).toContain('\r\nRezerwacje według dni i spraw\r\n');
    expect(csv.body).toContain(
      'Dzień;Sprawa;Zarezerwowane;Zgłoszone w kiosku;Nie przyszli;Od terminu do wywołania, min: średnio;',
    );
    expect(csv.body).toMatch(new RegExp(`\r\n${MONDAY};A [^;]+;3;2;1;6;6;6;6\r\n`));
    for (const [lang, title] of [
      ['en', 'Bookings by day and service'],
      ['uk', 'Бронювання за днями та справами'],
    ] as const) {
      const pdf = await t.request(
        'supervisor',
        'GET',
        `/api/reports/daily?date=${MONDAY}&format=pdf&lang=${lang}`,
      );
      const texts = pdfTexts(pdf.rawPayload).join('\n');
      expect(texts).toContain(title);
      expect(texts).toContain(MONDAY);
    }

    // The next morning, with no retention left, Monday is folded: its tickets and bookings (and their
    // contacts) are deleted, and the report's booking figures stay the same.
    t.clock.set(Date.parse(atOfficeTime(TUESDAY, '07:00')));
    expect(await t.app.services.reports.foldExpired(0)).toBeGreaterThan(0);
    expect(await t.db.value('SELECT count(*) FROM bookings WHERE service_day = ?', [MONDAY])).toBe(0);
    // Sessions may have expired by now: read the report through the service as the supervisor.
    const folded = await t.app.services.reports.daily(
      {
        kind: 'user',
        id: t.userId.supervisor,
        officeId: t.officeId,
        role: 'supervisor',
        displayName: 'Ewa Kierownik',
        username: 'kierownik',
      },
      MONDAY,
    );
    expect(folded.aggregatedDays).toEqual([MONDAY]);
    expect(folded.bookings).toEqual(report.bookings);
  });
});

describe('the console hears of bookings', () => {
  let c: TestApp;
  let console: Socket;
  const heard: BookingsChanged[] = [];

  beforeAll(async () => {
    c = await createTestApp();
    await openForBookings(c, c.category.A ?? '', '15:30');
    console = connect(await listen(c.app), '/console', { cookie: c.headers('supervisor').cookie ?? '' });
    console.on('bookings:changed', (e: BookingsChanged) => heard.push(e));
    await once(console, 'connect');
  });
  afterAll(async () => {
    console?.disconnect();
    await c?.close();
  });

  /** The next change told to the console, after the `n` told before. */
  const told = async (n: number) => {
    await expect.poll(() => heard.length, { timeout: 5000 }).toBeGreaterThan(n);
    return heard[n];
  };

  it('is told the days whose bookings were made, moved, cancelled or missed, and nothing when an import changes nothing', async () => {
    const categoryId = c.category.A ?? '';
    const made = await c.request('anonymous', 'POST', '/api/bookings', {
      categoryId,
      at: atOfficeTime(TUESDAY, '10:00'),
    });
    const booking = json<Booking>(made, 201);
    expect((await told(0))?.days).toEqual([TUESDAY]);
    json<Booking>(await c.request('anonymous', 'DELETE', `/api/bookings/${booking.id}`));
    expect((await told(1))?.days).toEqual([TUESDAY]);

    const put = (at: string) =>
      c.request('admin', 'PUT', '/api/admin/bookings/portal/P-7', { categoryId, at });
    expect(json<PortalImportResult>(await put(atOfficeTime(WEDNESDAY, '10:00'))).changed).toBe(true);
    expect((await told(2))?.days).toEqual([WEDNESDAY]);
    expect(json<PortalImportResult>(await put(atOfficeTime(WEDNESDAY, '10:00'))).changed).toBe(false);
    expect(json<PortalImportResult>(await put(atOfficeTime(TUESDAY, '11:00'))).changed).toBe(true);
    // The repeated import told nothing: the move is the next change, and names both days.
    expect((await told(3))?.days).toEqual([TUESDAY, WEDNESDAY]);
    json<PortalImportResult>(await c.request('admin', 'DELETE', '/api/admin/bookings/portal/P-7'));
    expect((await told(4))?.days).toEqual([TUESDAY]);

    // Today's booking whose check-in window closes unused becomes a no-show.
    json<Booking>(
      await c.request('anonymous', 'POST', '/api/bookings', {
        categoryId,
        at: atOfficeTime(MONDAY, '09:45'),
      }),
      201,
    );
    expect((await told(5))?.days).toEqual([MONDAY]);
    c.clock.set(Date.parse(atOfficeTime(MONDAY, '10:00')));
    expect(await c.app.services.bookings.markNoShows()).toBe(1);
    expect((await told(6))?.days).toEqual([MONDAY]);
    expect(await c.app.services.bookings.markNoShows()).toBe(0);

    // Deltas of the office's stream: each after the one before.
    for (const [i, e] of heard.entries()) if (i > 0) expect(e.prev).toBe(heard[i - 1]?.seq);
    expect(heard).toHaveLength(7);
  });
});
