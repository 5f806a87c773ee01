import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { Counter, CounterActionResult, DisplaySnapshot, SessionExpired } from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSecondOffice } from '../security/second-office.ts';
import { connect, listen, once } from '../realtime/support.ts';
import { login } from './support/sessions.ts';

/**
 * A counter closed for its clerk, on SQLite and on PostgreSQL: by a supervisor or an administrator
 * of the office (POST /api/counters/:id/close), or because the clerk's account was deactivated.
 * Nobody is lost: a called client goes back to the queue in the place they had, a client in
 * service is finished; the hall, the panels and the consoles are told.
 */
const MIN = 60_000;
let t: TestApp;
let base: string;
let counter: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp();
  base = await listen(t.app);
  counter = t.counter[1] ?? '';
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.close();
});

const errorOf = (res: LightMyRequestResponse) =>
  res.json<{ error: { code: string; params?: Record<string, unknown> } }>().error;
const ok = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json<CounterActionResult>();
};
const issue = async () =>
  (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).json<{
    id: string;
    code: string;
  }>();
const ticketRow = (id: string) =>
  t.db.get<{ state: string; queued_at: number; counter_id: string | null; called_at: number | null }>(
    'SELECT state, queued_at, counter_id, called_at FROM tickets WHERE id = ?',
    [id],
  );
const counterNow = async (id: string) =>
  (await t.request('supervisor', 'GET', '/api/counters')).json<Counter[]>().find((c) => c.id === id);
describe('a supervisor closes a counter for its clerk', () => {
  it('sends the called client back to the queue in their place, tells the hall, and frees the counter', async () => {
    const display = connect(base, '/display');
    sockets.push(display);
    await once<DisplaySnapshot>(display, 'queue:snapshot');

    const first = await issue();
    t.clock.advance(2 * MIN);
    const second = await issue();
    t.clock.advance(3 * MIN);
    const queuedAt = (await ticketRow(first.id))?.queued_at;
    ok(await t.request('clerk', 'POST', `/api/counters/${counter}/open`));
    // Listened for before the call: on PostgreSQL the hall may hear it before the clerk's answer.
    const heard = once<{ code: string }>(display, 'ticket:called');
    const call = ok(await t.request('clerk', 'POST', `/api/counters/${counter}/next`));
    expect(call.ticket?.id).toBe(first.id);
    const called = await heard;
    expect(called.code).toBe(first.code);

    // Another clerk of the office may not.
    const refused = await t.request('clerk2', 'POST', `/api/counters/${counter}/close`);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(errorOf(refused)).toMatchObject({ code: 'FORBIDDEN', params: { reason: 'not_your_counter' } });
    expect((await counterNow(counter))?.state).toBe('open');

    t.clock.advance(MIN);
    const fresh = once<DisplaySnapshot>(display, 'queue:snapshot');
    const closed = ok(await t.request('supervisor', 'POST', `/api/counters/${counter}/close`));
    expect(closed.counter).toMatchObject({ state: 'closed', clerk: null });
    expect(closed.ticket).toMatchObject({ id: first.id, state: 'waiting', counterId: null });
    // Its place: the time it was queued, not now, and no trace of the call but in its log.
    expect(await ticketRow(first.id)).toEqual({
      state: 'waiting',
      queued_at: queuedAt,
      counter_id: null,
      called_at: null,
    });
    const events = await t.db.all<{ type: string; actor_id: string }>(
      'SELECT type, actor_id FROM ticket_events WHERE ticket_id = ? ORDER BY id',
      [first.id],
    );
    expect(events.map((e) => e.type)).toEqual(['issued', 'called', 'returned_to_queue']);
    expect(events[2]?.actor_id).toBe(t.userId.supervisor);
    // The hall no longer shows the call (a fresh state without it).
    const hall = await fresh;
    expect(hall.calls.map((c) => c.code)).not.toContain(first.code);

    const audit = await t.db.get<{ user_id: string; data: string }>(
      "SELECT user_id, data FROM audit_log WHERE action = 'close' AND entity_id = ?",
      [counter],
    );
    expect(audit?.user_id).toBe(t.userId.supervisor);
    expect(JSON.parse(audit?.data ?? '{}')).toMatchObject({
      code: first.code,
      ticketOutcome: 'returned_to_queue',
    });

    // The counter is free: another clerk opens it, and the returned client is called first.
    ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/open`));
    const again = ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/next`));
    expect(again.ticket?.id).toBe(first.id);
    ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/start`));
    ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/finish`));
    expect((await ticketRow(second.id))?.state).toBe('waiting');
    expect(ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/next`)).ticket?.id).toBe(second.id);
    ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/no-show`));
    ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/close`));
  });

  it('finishes the service of a client in service, and an administrator may close too', async () => {
    const ticket = await issue();
    ok(await t.request('clerk', 'POST', `/api/counters/${counter}/open`));
    expect(ok(await t.request('clerk', 'POST', `/api/counters/${counter}/next`)).ticket?.id).toBe(ticket.id);
    ok(await t.request('clerk', 'POST', `/api/counters/${counter}/start`));
    t.clock.advance(4 * MIN);

    const closed = ok(await t.request('admin', 'POST', `/api/counters/${counter}/close`));
    expect(closed.counter.state).toBe('closed');
    expect(closed.ticket).toMatchObject({ id: ticket.id, state: 'finished' });
    expect((await ticketRow(ticket.id))?.state).toBe('finished');
    // The clerk's own panel hears of it as a closed counter.
    expect(await t.request('clerk', 'POST', `/api/counters/${counter}/next`)).toMatchObject({
      statusCode: 409,
    });
  });

  it('refuses a clerk their own busy counter as before, and a closed counter to everyone', async () => {
    const ticket = await issue();
    ok(await t.request('clerk', 'POST', `/api/counters/${counter}/open`));
    expect(ok(await t.request('clerk', 'POST', `/api/counters/${counter}/next`)).ticket?.id).toBe(ticket.id);
    const busy = await t.request('clerk', 'POST', `/api/counters/${counter}/close`);
    expect(busy.statusCode, busy.body).toBe(409);
    expect(errorOf(busy).code).toBe('COUNTER_BUSY');
    ok(await t.request('supervisor', 'POST', `/api/counters/${counter}/close`));
    const again = await t.request('supervisor', 'POST', `/api/counters/${counter}/close`);
    expect(again.statusCode, again.body).toBe(409);
    expect(errorOf(again).code).toBe('COUNTER_NOT_OPEN');
  });

  it('is the office’s own: another office’s supervisor finds no such counter, and nothing changes', async () => {
    const other = await addSecondOffice(t, 'Filia Zamknięta', 'filia-zamk');
    await issue();
    ok(await t.request('clerk', 'POST', `/api/counters/${counter}/open`));
    const ticket = ok(await t.request('clerk', 'POST', `/api/counters/${counter}/next`)).ticket ?? { id: '' };
    const res = await other.request('supervisor', 'POST', `/api/counters/${counter}/close`, {});
    expect(res.statusCode, res.body).toBe(404);
    expect((await counterNow(counter))?.currentTicketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id))?.state).toBe('called');
    ok(await t.request('supervisor', 'POST', `/api/counters/${counter}/close`));
  });
});

describe('deactivating a clerk', () => {
  it('closes their counter in the same change, says why on their panel, and refuses their sign-in saying why', async () => {
    const jan = await t.addStaff('ola.lis', 'clerk', 'ola-chosen-password');
    const panel = connect(base, '/counter', { cookie: jan.cookie });
    sockets.push(panel);
    await once(panel, 'connect');
    const ended = new Promise<SessionExpired>((resolve) => panel.on('session:expired', resolve));
    await issue();
    const asJan = (path: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/counters/${counter}/${path}`,
        headers: { cookie: jan.cookie },
      });
    ok(await asJan('open'));
    await panel.timeout(3000).emitWithAck('counter:subscribe', { counterId: counter });
    const ticket = ok(await asJan('next')).ticket ?? { id: '', code: '' };

    // A new password ends the sessions but leaves the counter: its clerk signs in again and resumes.
    const reset = await t.request('admin', 'PATCH', `/api/admin/users/${jan.id}`, {
      password: 'a-new-given-password',
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await counterNow(counter))?.clerk?.id).toBe(jan.id);
    expect((await ended).reason).toBe('session_expired');

    // Jan signs in again (choosing his own password, as after any reset) and resumes: his panel
    // follows the counter, still his, with the client still called.
    const given = await login(t, 'ola.lis', 'a-new-given-password');
    expect(given.statusCode, given.body).toBe(200);
    const cookie = `numerek_session=${given.cookies.find((k) => k.name === 'numerek_session')?.value ?? ''}`;
    const chose = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'a-new-given-password', newPassword: 'ola-second-password' },
    });
    expect(chose.statusCode, chose.body).toBe(200);
    const panel3 = connect(base, '/counter', { cookie });
    sockets.push(panel3);
    await once(panel3, 'connect');
    await panel3.timeout(3000).emitWithAck('counter:subscribe', { counterId: counter });
    const order: string[] = [];
    panel3.on('counter:changed', () => order.push('counter:changed'));
    const off = new Promise<SessionExpired>((resolve) =>
      panel3.on('session:expired', (e: SessionExpired) => {
        order.push('session:expired');
        resolve(e);
      }),
    );

    const deactivated = await t.request('admin', 'PATCH', `/api/admin/users/${jan.id}`, { active: false });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect((await off).reason).toBe('account_deactivated');
    // Told before anything of the counter, so that the panel says why it signs out.
    expect(order[0]).toBe('session:expired');

    const now = await counterNow(counter);
    expect(now).toMatchObject({ state: 'closed', clerk: null });
    expect((await ticketRow(ticket.id))?.state).toBe('waiting');
    const audit = await t.db.get<{ user_id: string; data: string }>(
      "SELECT user_id, data FROM audit_log WHERE action = 'close' ORDER BY id DESC LIMIT 1",
    );
    expect(audit?.user_id).toBe(t.userId.admin);
    expect(JSON.parse(audit?.data ?? '{}')).toMatchObject({
      clerk: 'ola.lis',
      code: ticket.code,
      ticketOutcome: 'returned_to_queue',
      accountDeactivated: true,
    });
    // Another clerk may take the counter at once.
    ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/open`));
    ok(await t.request('clerk2', 'POST', `/api/counters/${counter}/close`));

    // The right password learns that the account is off; a wrong one learns nothing.
    const right = await login(t, 'ola.lis', 'ola-second-password');
    expect(right.statusCode, right.body).toBe(401);
    expect(errorOf(right)).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      params: { reason: 'account_deactivated' },
    });
    const wrong = await login(t, 'ola.lis', 'not-his-password');
    expect(wrong.statusCode, wrong.body).toBe(401);
    expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
    expect(errorOf(wrong).params).toBeUndefined();
  });
});
