import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type Who } from '../../testing/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const MIN = 60_000;
const issue = async (prefix: string, priority = false) => {
  const res = await t.request('kiosk', 'POST', '/api/tickets', {
    categoryId: t.category[prefix],
    ...(priority ? { priorityGroupId: t.priorityGroupId } : {}),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; code: string };
};
const act = (action: string, body?: unknown, counter = 1, who: Who = 'clerk') =>
  t.request(who, 'POST', `/api/counters/${t.counter[counter]}/${action}`, body);
const expectError = async (
  res: Promise<{ statusCode: number; json(): unknown }>,
  status: number,
  code: string,
  params?: Record<string, unknown>,
) => {
  const r = await res;
  expect(r.statusCode).toBe(status);
  const body = r.json() as { error: { code: string; params?: Record<string, unknown> } };
  expect(body.error.code).toBe(code);
  if (params) expect(body.error.params).toEqual(params);
};

describe('the counter workflow', () => {
  it('runs open → next → recall → start → finish → close, logging every event with its actor', async () => {
    const a = await issue('A');
    const opened = (await act('open')).json();
    expect(opened.counter).toMatchObject({ state: 'open', clerk: { displayName: 'Anna Nowak' } });
    expect(opened.counter.servingCategoryIds.sort()).toEqual([t.category.A, t.category.M].sort());

    t.clock.advance(4 * MIN);
    const next = (await act('next')).json();
    expect(next.ticket).toMatchObject({
      id: a.id,
      code: 'A001',
      state: 'called',
      counterId: t.counter[1],
      priority: false,
    });
    expect(next.decision).toEqual({
      rule: 'score',
      ticket: { code: 'A001', weight: 1, waitedMinutes: 4, score: 4 },
      other: null,
    });
    expect(next.ticket.callDecision).toEqual(next.decision);

    const recalled = (await act('recall')).json();
    expect(recalled.ticket).toMatchObject({ state: 'called', recallCount: 1 });
    expect(recalled.decision).toEqual(next.decision);
    expect((await act('start')).json().ticket).toMatchObject({ state: 'serving' });
    t.clock.advance(6 * MIN);
    const finished = (await act('finish')).json();
    expect(finished.ticket).toMatchObject({ state: 'finished' });
    expect(finished.counter.currentTicketId).toBeNull();
    expect((await act('close')).json().counter).toMatchObject({ state: 'closed', clerk: null });

    const events = await t.db.all(
      'SELECT type, actor_kind, actor_id FROM ticket_events WHERE ticket_id = ? ORDER BY id',
      [a.id],
    );
    const kiosk = await t.db.value("SELECT id FROM devices WHERE kind = 'kiosk'");
    expect(events).toEqual([
      { type: 'issued', actor_kind: 'device', actor_id: kiosk },
      ...['called', 'recalled', 'started', 'finished'].map((type) => ({
        type,
        actor_kind: 'user',
        actor_id: t.userId.clerk,
      })),
    ]);
    // The finished service (6 min) now feeds the estimate of the next ticket in category A.
    const next2 = (await issue('A')).code;
    expect(next2).toBe('A002');
    const status = (await t.request('anonymous', 'GET', `/api/categories`)).json() as Array<{
      prefix: string;
      estimatedWait: unknown;
    }>;
    // One waiting, counters 1, 2 and 6 configured for A, none open: 6 / 3 = 2 min a person;
    // centre 0.9 × 2, sd 2 × √2 (waitRange): [floor(1.8 − 0.8 sd), ceil(1.8 + 1 + 2 sd)].
    expect(status.find((c) => c.prefix === 'A')?.estimatedWait).toEqual({ minMinutes: 0, maxMinutes: 9 });
  });

  it('tells who announces a call the ticket’s category, on a call and on a recall', async () => {
    const a = await issue('A');
    const calls: Array<{ ticketId: string; categoryId: string; recall: boolean }> = [];
    const stop = t.app.services.bus.subscribe('ticket.called', (e) => calls.push(e));
    await act('open');
    await act('next');
    await act('recall');
    stop();
    expect(calls).toMatchObject([
      { ticketId: a.id, categoryId: t.category.A, recall: false },
      { ticketId: a.id, categoryId: t.category.A, recall: true },
    ]);
  });

  it('answers next with no ticket when nobody waits for the counter’s categories', async () => {
    await issue('R'); // counter 1 serves A and M only
    await act('open');
    const res = (await act('next')).json();
    expect(res.ticket).toBeNull();
    expect(res.decision).toBeNull();
  });

  it('serves only the categories chosen for today', async () => {
    await issue('A');
    const m = await issue('M');
    await act('open', { categoryIds: [t.category.M] });
    expect((await act('next')).json().ticket.id).toBe(m.id);
    await expectError(act('open', { categoryIds: [t.category.R] }), 400, 'VALIDATION_FAILED', {
      field: 'categoryIds',
      counter: 1,
    });
  });

  it('gives a priority ticket precedence by its weight and says why', async () => {
    await issue('A');
    t.clock.advance(5 * MIN);
    await issue('A', true);
    t.clock.advance(3 * MIN);
    await act('open');
    const res = (await act('next')).json();
    expect(res.ticket).toMatchObject({ code: 'A002', priority: true, weight: 4 });
    expect(res.decision).toEqual({
      rule: 'score',
      ticket: { code: 'A002', weight: 4, waitedMinutes: 3, score: 12 },
      other: { code: 'A001', weight: 1, waitedMinutes: 8, score: 8 },
    });
    const row = await t.db.value('SELECT call_decision FROM tickets WHERE id = ?', [res.ticket.id]);
    expect(JSON.parse(String(row))).toEqual(res.decision);
  });

  it('applies the consecutive priority cap set by the supervisor', async () => {
    const settings = await t.request('supervisor', 'PATCH', '/api/admin/settings', {
      consecutivePriorityCap: 1,
    });
    expect(settings.json()).toEqual({ priorityWeight: 4, consecutivePriorityCap: 1, strictPriority: false });
    await issue('A');
    t.clock.advance(MIN);
    await issue('A', true);
    await issue('A', true);
    t.clock.advance(MIN);
    await act('open');
    const first = (await act('next')).json();
    expect(first.ticket.priority).toBe(true);
    await act('start');
    await act('finish');
    const second = (await act('next')).json();
    expect(second.ticket.code).toBe('A001');
    expect(second.decision).toMatchObject({ rule: 'priority_cap', priorityCallsInRow: 1 });
  });

  it('never lets two counters call the same ticket', async () => {
    const a = await issue('A');
    await act('open', undefined, 1, 'clerk');
    await act('open', undefined, 2, 'clerk2');
    const [one, two] = await Promise.all([
      act('next', undefined, 1, 'clerk'),
      act('next', undefined, 2, 'clerk2'),
    ]);
    const tickets = [one.json().ticket, two.json().ticket];
    expect(tickets.filter((x) => x !== null).map((x) => x.id)).toEqual([a.id]);
  });

  it('transfers a client to another category keeping the number and the place by issue time', async () => {
    const a = await issue('A');
    t.clock.advance(10 * MIN);
    const r1 = await issue('R');
    await act('open');
    await act('next');
    await act('start');
    const res = await act('transfer', {
      categoryId: t.category.R,
      note: 'Sprawa rejestracji po zmianie adresu',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().ticket).toMatchObject({ id: a.id, state: 'transferred' });
    expect(res.json().counter.currentTicketId).toBeNull();

    const child = (await t.db.get('SELECT * FROM tickets WHERE parent_ticket_id = ?', [a.id])) as Record<
      string,
      unknown
    >;
    expect(child).toMatchObject({
      code: 'A001',
      category_id: t.category.R,
      state: 'waiting',
      note: 'Sprawa rejestracji po zmianie adresu',
    });
    // The client waits at the status page of the original ticket, which follows the transfer.
    expect((await t.request('anonymous', 'GET', `/api/tickets/${a.id}`)).json()).toMatchObject({
      id: child.id,
      code: 'A001',
      state: 'waiting',
    });
    // A001 was issued before R001, so counter 3 calls it first.
    await act('open', undefined, 3, 'clerk2');
    const next = (await act('next', undefined, 3, 'clerk2')).json();
    expect(next.ticket).toMatchObject({
      code: 'A001',
      note: 'Sprawa rejestracji po zmianie adresu',
      parentTicketId: a.id,
    });
    expect(next.ticket.id).not.toBe(r1.id);
  });

  it('transfers to a specific counter: only that counter may call the ticket', async () => {
    await issue('A');
    await act('open');
    await act('next');
    await act('transfer', { counterId: t.counter[2] });
    expect((await act('next')).json().ticket).toBeNull();
    await act('open', undefined, 2, 'clerk2');
    expect((await act('next', undefined, 2, 'clerk2')).json().ticket).toMatchObject({
      code: 'A001',
      targetCounterId: t.counter[2],
    });
  });

  it('refuses a transfer into a category that is closed now or that no active counter serves', async () => {
    await issue('A');
    await act('open');
    await act('next');
    // Podatki i opłaty (F) is open on Mondays from 08:00 to 17:00; at 18:00 it next opens on Tuesday.
    t.clock.advance(9 * 60 * MIN);
    await expectError(act('transfer', { categoryId: t.category.F }), 409, 'CATEGORY_CLOSED', {
      reason: 'outside_hours',
      category: 'F',
      day: 2,
      time: '08:00',
    });
    // Nor to counter 5, which serves F: the category's hours hold whichever counter is named.
    await expectError(
      act('transfer', { categoryId: t.category.F, counterId: t.counter[5] }),
      409,
      'CATEGORY_CLOSED',
      { reason: 'outside_hours', category: 'F', day: 2, time: '08:00' },
    );
    const created = await t.request('admin', 'POST', '/api/admin/categories', {
      prefix: 'Z',
      names: { pl: 'Sprawy bez stanowiska' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const orphan = created.json<{ id: string }>().id;
    await expectError(act('transfer', { categoryId: orphan }), 409, 'CATEGORY_CLOSED', {
      reason: 'no_counter',
      category: 'Z',
    });
    // Nothing moved: the client is still at this counter.
    expect((await act('recall')).json().ticket).toMatchObject({ code: 'A001', state: 'called' });
    // A named counter calls the client whatever its categories, so that transfer goes through.
    const named = await act('transfer', { categoryId: orphan, counterId: t.counter[2] });
    expect(named.statusCode, named.body).toBe(200);
    const child = await t.db.get<{ category_id: string; target_counter_id: string }>(
      'SELECT category_id, target_counter_id FROM tickets WHERE parent_ticket_id IS NOT NULL',
    );
    expect(child).toEqual({ category_id: orphan, target_counter_id: t.counter[2] });
  });

  it('transfers within the category to a counter that is closed now: the client waits for it', async () => {
    await issue('F');
    await act('open', undefined, 5, 'clerk');
    await act('next', undefined, 5, 'clerk');
    // After F's closing time a client already in the office is still served, and may be sent on.
    t.clock.advance(9 * 60 * MIN);
    const res = await act('transfer', { counterId: t.counter[6] }, 5, 'clerk');
    expect(res.statusCode, res.body).toBe(200);
    await act('open', undefined, 6, 'clerk2');
    expect((await act('next', undefined, 6, 'clerk2')).json().ticket).toMatchObject({
      code: 'F001',
      targetCounterId: t.counter[6],
    });
  });

  it('calls a chosen ticket with a reason code and writes it to the audit log', async () => {
    await issue('A');
    t.clock.advance(MIN);
    const m = await issue('M');
    await act('open');
    await expectError(act('call', { ticketId: m.id }), 400, 'VALIDATION_FAILED', { field: 'reasonCode' });
    const res = (await act('call', { ticketId: m.id, reasonCode: 'appointment' })).json();
    expect(res.ticket.code).toBe('M001');
    expect(res.decision).toMatchObject({
      rule: 'chosen',
      reasonCode: 'appointment',
      ticket: { code: 'M001' },
      other: { code: 'A001' },
    });
    const audit = (await t.request('supervisor', 'GET', '/api/admin/audit')).json();
    expect(audit[0]).toMatchObject({
      action: 'call_chosen',
      entity: 'ticket',
      entityId: m.id,
      userId: t.userId.clerk,
      data: { code: 'M001', reasonCode: 'appointment', policyWouldCall: 'A001' },
    });
    const record = (await t.request('supervisor', 'GET', `/api/admin/tickets/${m.id}`)).json();
    expect(record.events.map((e: { type: string }) => e.type)).toEqual(['issued', 'called']);
    expect(record.events[1].data).toMatchObject({ rule: 'chosen', reasonCode: 'appointment' });
  });

  it('pauses with a reason and resumes', async () => {
    await issue('A');
    await act('open');
    expect((await act('pause', { reason: 'break' })).json().counter).toMatchObject({
      state: 'paused',
      pauseReason: 'break',
    });
    await expectError(act('next'), 409, 'COUNTER_PAUSED', { counter: 1 });
    expect((await act('resume')).json().counter).toMatchObject({ state: 'open', pauseReason: null });
    const pauses = await t.db.all(
      'SELECT reason, CASE WHEN ended_at IS NULL THEN 0 ELSE 1 END AS ended FROM counter_pauses',
    );
    expect(pauses).toEqual([{ reason: 'break', ended: 1 }]);
  });
});

describe('illegal transitions are 409s that say what to do', () => {
  it('on a closed counter every action but open is refused', async () => {
    for (const action of ['close', 'next', 'recall', 'start', 'finish', 'no-show', 'resume']) {
      await expectError(act(action), 409, 'COUNTER_NOT_OPEN', { counter: 1 });
    }
    await expectError(act('transfer', { categoryId: t.category.R }), 409, 'COUNTER_NOT_OPEN');
    await expectError(act('pause', { reason: 'break' }), 409, 'COUNTER_NOT_OPEN');
    await expectError(act('call', { ticketId: 'x', reasonCode: 'other' }), 409, 'COUNTER_NOT_OPEN');
  });

  it('with no client at the desk, ticket actions are refused', async () => {
    await act('open');
    for (const action of ['recall', 'start', 'finish', 'no-show']) {
      await expectError(act(action), 409, 'NO_CURRENT_TICKET', { counter: 1 });
    }
    await expectError(act('transfer', { categoryId: t.category.R }), 409, 'NO_CURRENT_TICKET');
    await expectError(act('resume'), 409, 'ILLEGAL_TRANSITION', { reason: 'not_paused', counter: 1 });
  });

  it('with a called client: finish needs a start, and next, pause and close need the desk free', async () => {
    await issue('A');
    await issue('A');
    await act('open');
    await act('next');
    await expectError(act('next'), 409, 'COUNTER_BUSY', { counter: 1, ticket: 'A001', state: 'called' });
    await expectError(act('finish'), 409, 'ILLEGAL_TRANSITION', {
      reason: 'ticket_state',
      counter: 1,
      ticket: 'A001',
      state: 'called',
    });
    await expectError(act('pause', { reason: 'break' }), 409, 'COUNTER_BUSY');
    await expectError(act('close'), 409, 'COUNTER_BUSY');
    await expectError(act('call', { ticketId: 'x', reasonCode: 'other' }), 409, 'COUNTER_BUSY');
    expect((await act('no-show')).json().ticket.state).toBe('no_show');
  });

  it('with a client in service: recall, start and no-show are refused', async () => {
    await issue('A');
    await act('open');
    await act('next');
    await act('start');
    await expectError(act('recall'), 409, 'ILLEGAL_TRANSITION', {
      reason: 'ticket_state',
      counter: 1,
      ticket: 'A001',
      state: 'serving',
    });
    await expectError(act('start'), 409, 'ILLEGAL_TRANSITION', {
      reason: 'ticket_state',
      counter: 1,
      ticket: 'A001',
      state: 'serving',
    });
    await expectError(act('no-show'), 409, 'ILLEGAL_TRANSITION', {
      reason: 'ticket_state',
      counter: 1,
      ticket: 'A001',
      state: 'serving',
    });
    await expectError(act('next'), 409, 'COUNTER_BUSY', { counter: 1, ticket: 'A001', state: 'serving' });
  });

  it('refuses a pointless or impossible transfer', async () => {
    await issue('A');
    await act('open');
    await act('next');
    await expectError(act('transfer', {}), 400, 'VALIDATION_FAILED', { field: 'categoryId' });
    await expectError(act('transfer', { categoryId: t.category.A }), 409, 'ILLEGAL_TRANSITION', {
      reason: 'same_category',
      ticket: 'A001',
      category: 'A',
    });
    await expectError(act('transfer', { counterId: t.counter[1] }), 409, 'ILLEGAL_TRANSITION', {
      reason: 'already_here',
      counter: 1,
    });
    await expectError(act('transfer', { counterId: 'nope' }), 404, 'NOT_FOUND');
  });

  it('a paused counter cannot be paused again', async () => {
    await act('open');
    await act('pause', { reason: 'back_office' });
    await expectError(act('pause', { reason: 'break' }), 409, 'ILLEGAL_TRANSITION', {
      reason: 'already_paused',
      counter: 1,
    });
  });

  it('a clerk acts only at a counter they opened, and at one counter at a time', async () => {
    await act('open', undefined, 1, 'clerk');
    await expectError(act('open', undefined, 1, 'clerk2'), 409, 'COUNTER_TAKEN', {
      reason: 'open_by_other',
      counter: 1,
    });
    await expectError(act('next', undefined, 1, 'clerk2'), 403, 'FORBIDDEN', {
      reason: 'not_your_counter',
      counter: 1,
    });
    await expectError(act('open', undefined, 2, 'clerk'), 409, 'COUNTER_TAKEN', {
      reason: 'yours_open',
      counter: 1,
    });
    // Opening the same counter again is harmless.
    expect((await act('open', undefined, 1, 'clerk')).statusCode).toBe(200);
  });

  it('a chosen ticket must be waiting and servable here', async () => {
    const r = await issue('R');
    const a = await issue('A');
    await act('open');
    await expectError(act('call', { ticketId: r.id, reasonCode: 'other' }), 409, 'TICKET_NOT_ELIGIBLE', {
      reason: 'category_not_served',
      ticket: 'R001',
      counter: 1,
      category: 'R',
    });
    await act('call', { ticketId: a.id, reasonCode: 'other' });
    await act('no-show');
    await expectError(act('call', { ticketId: a.id, reasonCode: 'other' }), 409, 'TICKET_NOT_WAITING', {
      reason: 'state',
      ticket: 'A001',
      state: 'no_show',
    });
    await expectError(act('call', { ticketId: a.id, reasonCode: 'because' }), 400, 'VALIDATION_FAILED', {
      field: 'reasonCode',
    });
  });
});
