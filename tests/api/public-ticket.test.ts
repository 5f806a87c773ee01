import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { IssuedTicket, PublicCategory, PublicTicket } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The phone ticket page's answer says when no counter that may call the ticket is open now, so the
 * page tells the client so instead of a wait range that cannot come true: on SQLite and on
 * PostgreSQL. The sample office's category F is served by counters 5 and 6; A by 1, 2 and 6.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function issue(prefix: string): Promise<IssuedTicket> {
  const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category[prefix] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<IssuedTicket>();
}
async function status(id: string): Promise<PublicTicket> {
  const res = await t.request('anonymous', 'GET', `/api/tickets/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PublicTicket>();
}
async function act(who: 'clerk' | 'clerk2', counter: number, action: string, body?: unknown) {
  const res = await t.request(who, 'POST', `/api/counters/${t.counter[counter]}/${action}`, body);
  expect(res.statusCode, res.body).toBe(200);
}

describe('the public ticket says when nobody can call it now', () => {
  it('follows the counters serving the ticket’s category today: open or paused serve, closed do not', async () => {
    const ticket = await issue('F');
    expect(await status(ticket.id)).toMatchObject({ state: 'waiting', nobodyServing: true });

    // Counter 6 is set up for F but serves only A today.
    await act('clerk2', 6, 'open', { categoryIds: [t.category.A] });
    expect((await status(ticket.id)).nobodyServing).toBe(true);

    await act('clerk', 5, 'open');
    const served = await status(ticket.id);
    expect(served).toMatchObject({ state: 'waiting', nobodyServing: false, peopleAhead: 0 });
    expect(served.estimatedWait).not.toBeNull();

    await act('clerk', 5, 'pause', { reason: 'break' });
    expect((await status(ticket.id)).nobodyServing).toBe(false);

    await act('clerk', 5, 'resume');
    await act('clerk', 5, 'close');
    const closed = await status(ticket.id);
    expect(closed).toMatchObject({ state: 'waiting', nobodyServing: true, peopleAhead: 0 });

    await act('clerk2', 6, 'close');
  });

  it('follows the counter a ticket was transferred to, even while others serve its category', async () => {
    const ticket = await issue('A');
    await act('clerk', 1, 'open');
    await act('clerk', 1, 'next');
    const called = await status(ticket.id);
    expect(called).toMatchObject({ state: 'called', nobodyServing: false });

    // Counter 3 is closed; counter 1, open, serves category A but may not call a ticket sent to 3.
    await act('clerk', 1, 'transfer', { counterId: t.counter[3] });
    expect(await status(ticket.id)).toMatchObject({ state: 'waiting', nobodyServing: true });

    await act('clerk2', 3, 'open');
    expect(await status(ticket.id)).toMatchObject({ state: 'waiting', nobodyServing: false });

    await act('clerk2', 3, 'close');
    await act('clerk', 1, 'close');
  });
});

describe('the kiosk is told when nobody serves the matter now', () => {
  const tileOf = async (prefix: string) => {
    const res = await t.request('kiosk', 'GET', '/api/categories');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PublicCategory[]>().find((c) => c.prefix === prefix);
  };

  it('says so in the issue answer and on the tile while every counter set up for the matter is closed', async () => {
    // Early morning: counters 5 and 6 are set up for F, and nobody has opened either.
    expect(await tileOf('F')).toMatchObject({ status: 'open', nobodyServing: true });
    const early = await issue('F');
    expect(early).toMatchObject({ nobodyServing: true, peopleAhead: expect.any(Number) });
    expect(early.counters.map((c) => c.number)).toEqual([5, 6]);
    expect((await status(early.id)).nobodyServing).toBe(true);

    // Counter 6 opens for A only: still nobody serves F.
    await act('clerk2', 6, 'open', { categoryIds: [t.category.A] });
    expect((await issue('F')).nobodyServing).toBe(true);
    expect(await tileOf('F')).toMatchObject({ nobodyServing: true });

    await act('clerk', 5, 'open');
    const served = await issue('F');
    expect(served).toMatchObject({ nobodyServing: false });
    expect(served.counters.map((c) => c.number)).toEqual([5]);
    expect(await tileOf('F')).toMatchObject({ status: 'open', nobodyServing: false });

    await act('clerk', 5, 'close');
    await act('clerk2', 6, 'close');
    expect((await issue('F')).nobodyServing).toBe(true);
  });

  it('counts a counter paused for the end of the day as not serving, and one on a break as serving', async () => {
    await act('clerk', 5, 'open');
    const waiting = await issue('F');
    expect(waiting.nobodyServing).toBe(false);

    await act('clerk', 5, 'pause', { reason: 'end_of_day' });
    expect(await status(waiting.id)).toMatchObject({ state: 'waiting', nobodyServing: true });
    const late = await issue('F');
    expect(late.nobodyServing).toBe(true);
    // Where to go: the counters set up for F, none named as serving now.
    expect(late.counters.map((c) => c.number)).toEqual([5, 6]);
    expect(await tileOf('F')).toMatchObject({ nobodyServing: true });

    await act('clerk', 5, 'resume');
    await act('clerk', 5, 'pause', { reason: 'back_office' });
    expect((await status(waiting.id)).nobodyServing).toBe(false);
    expect((await issue('F')).counters.map((c) => c.number)).toEqual([5]);

    await act('clerk', 5, 'resume');
    await act('clerk', 5, 'close');
  });

  it('does not wait for a counter paused for the end of the day in the estimate', async () => {
    // Category A: counters 1 and 2 open, four clients wait.
    await act('clerk', 1, 'open');
    await act('clerk2', 2, 'open');
    for (let i = 0; i < 4; i++) expect((await issue('A')).nobodyServing).toBe(false);

    // Counter 2 on a break comes back, so the estimate still shares the queue between two.
    await act('clerk2', 2, 'pause', { reason: 'break' });
    const onBreak = await tileOf('A');
    await act('clerk2', 2, 'resume');
    await act('clerk2', 2, 'pause', { reason: 'end_of_day' });
    const endOfDay = await tileOf('A');
    // Counter 1 alone serves them now: the wait told is longer, and someone still serves A.
    expect(endOfDay?.nobodyServing).toBe(false);
    expect(endOfDay?.estimatedWait.maxMinutes).toBeGreaterThan(onBreak?.estimatedWait.maxMinutes ?? Infinity);

    await act('clerk2', 2, 'resume');
    await act('clerk2', 2, 'close');
    await act('clerk', 1, 'close');
  });
});

describe('the public ticket gives the office’s time zone', () => {
  it('so that the phone page writes its times on the office’s clock, and follows a change of zone', async () => {
    const ticket = await issue('I');
    expect((await status(ticket.id)).officeTimeZone).toBe('Europe/Warsaw');
    const moved = await t.request('central', 'PATCH', `/api/admin/offices/${t.officeId}`, {
      timeZone: 'Europe/Kyiv',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await status(ticket.id)).officeTimeZone).toBe('Europe/Kyiv');
  });
});
