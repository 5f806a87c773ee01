import { addDays, atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import { startTestSmtp, type TestSmtp } from '@numerek/server/testing/smtp';
import type { Booking, BookingOptions, BookingRequestStarted } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Bookings confirmed by e-mail, over HTTP and real SMTP to a local server, on SQLite and on
 * PostgreSQL: with a mail server a booking holds only once the e-mailed code is typed.
 */

const TUESDAY = addDays(MONDAY, 1);
let t: TestApp;
let smtp: TestSmtp;
let category: string;
let address = 1;

const post = (url: string, body: object) =>
  t.app.inject({ method: 'POST', url, remoteAddress: `10.1.0.${address++}`, payload: body });

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_TLS: 'none',
      MAIL_FROM: 'urzad@example.org',
    },
  });
  category = t.category.A ?? '';
  const hours = [1, 2, 3, 4, 5].map((day) => ({ day, open: '08:00', close: '15:30' }));
  expect(
    (await t.request('admin', 'PATCH', `/api/admin/categories/${category}`, { openingHours: hours }))
      .statusCode,
  ).toBe(200);
  const set = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${category}`, {
    enabled: true,
    walkInPercent: 0,
    daysFrom: 1,
    daysAhead: 7,
  });
  expect(set.statusCode, set.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('bookings confirmed by e-mail', () => {
  it('holds a booking only after the e-mailed code is typed, then e-mails the booking’s code and link in the booker’s language', async () => {
    const options = (
      await t.app.inject({ method: 'GET', url: '/api/bookings/options' })
    ).json<BookingOptions>();
    expect(options.emailConfirmation).toBe(true);
    const at = atOfficeTime(TUESDAY, '09:00');
    // The one-step booking is refused where bookings are confirmed by e-mail.
    const direct = await post('/api/bookings', { categoryId: category, at, contact: 'ola@example.org' });
    expect(direct.statusCode).toBe(409);
    expect(direct.json()).toMatchObject({
      error: { code: 'BOOKING_UNAVAILABLE', params: { reason: 'confirm_required' } },
    });
    const noMail = await post('/api/bookings/requests', { categoryId: category, at });
    expect(noMail.json()).toMatchObject({ error: { params: { reason: 'confirm_required' } } });

    const started = await post('/api/bookings/requests', {
      categoryId: category,
      at,
      contact: 'Ola@Example.org',
      language: 'uk',
    });
    expect(started.statusCode, started.body).toBe(201);
    const request = started.json<BookingRequestStarted>();
    const codeMail = await smtp.next('ola@example.org');
    expect(codeMail.mail.headers.get('content-language')).toBe('uk');
    const code = /(\d{6})/.exec(codeMail.mail.subject ?? '')?.[1] ?? '';
    expect(codeMail.text).toContain(code);
    // Not yet booked: the slot is still free.
    const slots = await t.app.inject({
      method: 'GET',
      url: `/api/bookings/slots?categoryId=${category}&day=${TUESDAY}`,
    });
    expect(slots.json<{ slots: { at: string; free: number }[] }>().slots.find((s) => s.at === at)?.free).toBe(
      1,
    );

    const wrong = await post(`/api/bookings/requests/${request.id}/confirm`, {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.json()).toMatchObject({
      error: { code: 'BOOKING_CONFIRM_FAILED', params: { reason: 'wrong_code', count: 4 } },
    });
    const ok = await post(`/api/bookings/requests/${request.id}/confirm`, { code });
    expect(ok.statusCode, ok.body).toBe(201);
    const booking = ok.json<Booking>();
    expect(booking).toMatchObject({ status: 'booked', language: 'uk', time: '09:00' });
    const bookedMail = await smtp.next('ola@example.org');
    expect(bookedMail.text).toContain(booking.code);
    expect(bookedMail.text).toContain(booking.manageUrl);
    expect(bookedMail.text).toContain('09:00');
    // The request is used up.
    const again = await post(`/api/bookings/requests/${request.id}/confirm`, { code });
    expect(again.json()).toMatchObject({ error: { params: { reason: 'code_expired' } } });
  });

  it('is refused by the bookings module itself, not only by its route, while bookings are confirmed by e-mail', async () => {
    const at = atOfficeTime(TUESDAY, '11:00');
    await expect(
      t.app.services.bookings.book({ categoryId: category, at, contact: 'ewa@example.org' }),
    ).rejects.toMatchObject({ code: 'BOOKING_UNAVAILABLE', params: { reason: 'confirm_required' } });
    // Nothing was written: the slot is still free.
    const slots = await t.app.inject({
      method: 'GET',
      url: `/api/bookings/slots?categoryId=${category}&day=${TUESDAY}`,
    });
    expect(slots.json<{ slots: { at: string; free: number }[] }>().slots.find((s) => s.at === at)?.free).toBe(
      1,
    );
  });

  it('drops a request after five wrong codes', async () => {
    const at = atOfficeTime(TUESDAY, '10:00');
    const request = (
      await post('/api/bookings/requests', { categoryId: category, at, contact: 'jan@example.org' })
    ).json<BookingRequestStarted>();
    const code = /(\d{6})/.exec((await smtp.next('jan@example.org')).mail.subject ?? '')?.[1] ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await post(`/api/bookings/requests/${request.id}/confirm`, { code: wrong });
    const late = await post(`/api/bookings/requests/${request.id}/confirm`, { code });
    expect(late.json()).toMatchObject({
      error: { code: 'BOOKING_CONFIRM_FAILED', params: { reason: 'code_expired' } },
    });
  });
});
