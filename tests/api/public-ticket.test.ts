import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { IssuedTicket, PublicTicket } from '@numerek/shared';
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
  });
});
