import { createTestApp, type TestApp } from '@numerek/server/testing';
import {
  IDEMPOTENCY_KEY_HEADER,
  type CounterActionResult,
  type CounterDetail,
  type StaffClientEvents,
  type StaffServerEvents,
} from '@numerek/shared';
import { STAFF_DELTAS } from '@numerek/shared/events';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen } from './support.ts';

type StaffClient = Socket<StaffServerEvents, StaffClientEvents>;

/** Longer than the gateway gathers queue changes (100 ms), with room for a loaded machine. */
const QUIET_MS = 600;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A clerk's action answers with the counter's whole detail and the seq of its `/counter` stream
 * that the detail reflects: every delta the action causes is numbered at or below it, so the
 * panel needs no refetch after its own action.
 */
describe('the answer to a counter action', () => {
  let t: TestApp;
  let base: string;
  let panel: StaffClient;
  const deltas: Array<{ event: string; seq: number }> = [];

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t.app);
    expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {})).statusCode).toBe(200);
    panel = connect<StaffClient>(base, '/counter', { cookie: t.headers('clerk').cookie });
    for (const event of STAFF_DELTAS) {
      panel.on(event, (e: { seq: number }) => deltas.push({ event, seq: e.seq }));
    }
    const sub = await panel.emitWithAck('counter:subscribe', { counterId: t.counter[1] ?? '' });
    expect(sub.ok).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode,
      ).toBe(201);
    }
    // The issues' queue change has arrived: what follows is the actions' own.
    for (let waited = 0; !deltas.some((d) => d.event === 'queue:changed') && waited < 5000; waited += 50) {
      await pause(50);
    }
    await pause(QUIET_MS);
  });
  afterAll(async () => {
    panel?.disconnect();
    await t?.close();
  });

  async function act(action: string, key?: string, body: unknown = {}): Promise<CounterActionResult> {
    const res = await fetch(`${base}/api/counters/${t.counter[1]}/${action}`, {
      method: 'POST',
      headers: {
        ...t.headers('clerk'),
        'content-type': 'application/json',
        ...(key ? { [IDEMPOTENCY_KEY_HEADER]: key } : {}),
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as CounterActionResult;
  }
  const detailNow = async () =>
    (await t.request('clerk', 'GET', `/api/counters/${t.counter[1]}`)).json() as CounterDetail;

  it('next, start and finish each answer the detail a refetch would give, and cover their own deltas', async () => {
    for (const action of ['next', 'start', 'finish']) {
      const before = deltas.length;
      const answer = await act(action);
      await pause(QUIET_MS);
      const caused = deltas.slice(before);
      // The action was heard on the stream, and all of it is covered by the answer.
      expect(caused.length, action).toBeGreaterThan(0);
      expect(Math.max(...caused.map((d) => d.seq)), action).toBe(answer.seq);
      expect(answer.detail, action).toEqual(await detailNow());
    }
  });

  it('the detail shows the called ticket as current and no longer waiting', async () => {
    const answer = await act('next');
    expect(answer.ticket?.state).toBe('called');
    expect(answer.detail.ticket?.id).toBe(answer.ticket?.id);
    expect(answer.detail.waiting.map((w) => w.id)).not.toContain(answer.ticket?.id);
    expect(answer.detail.counter).toEqual(answer.counter);
  });

  it('a repeated answer carries the detail and seq as they are when it is repeated', async () => {
    const first = await act('recall', 'clerk-recall-answer');
    expect((await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode).toBe(
      201,
    );
    await expect.poll(() => deltas.at(-1)?.seq ?? 0).toBeGreaterThan(first.seq);
    const again = await act('recall', 'clerk-recall-answer');
    expect(again.ticket).toEqual(first.ticket);
    expect(again.seq).toBe(deltas.at(-1)?.seq);
    expect(again.detail.waiting.length).toBe(first.detail.waiting.length + 1);
  });

  it('every other action answers the detail a refetch would give, made without reading back the counter, its client or the stream number it wrote', async () => {
    // The client at the desk is called (the tests above); two more wait.
    for (let i = 0; i < 2; i++)
      expect(
        (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode,
      ).toBe(201);
    await pause(QUIET_MS);
    const db = t.app.services.ctx.db;
    const reads: string[] = [];
    const [get, value] = [db.get.bind(db), db.value.bind(db)];
    db.get = (sql, params) => {
      reads.push(sql);
      return get(sql, params);
    };
    db.value = (sql, params) => {
      reads.push(sql);
      return value(sql, params);
    };
    // On PostgreSQL the facts are stored without waiting (the write's last statement).
    const pg = db as typeof db & { valueLater?: typeof db.value };
    const valueLater = pg.valueLater?.bind(db);
    if (valueLater)
      pg.valueLater = (sql, params) => {
        reads.push(sql);
        return valueLater(sql, params);
      };
    try {
      for (const [action, body] of [
        ['no-show', {}],
        ['next', {}],
        ['recall', {}],
        ['start', {}],
        ['finish', {}],
        ['pause', { reason: 'break' }],
        ['resume', {}],
        ['next', {}],
        ['transfer', { categoryId: t.category.R }],
        ['open', {}],
      ] as const) {
        const before = deltas.length;
        reads.length = 0;
        const answer = await act(action, undefined, body);
        // After the write's own reads: none of the counter by id, of a ticket by id, or of the
        // office's stream number (the answer's seq is its own facts' position).
        const afterCommit = reads.slice(
          reads.findLastIndex((q) => /FROM ticket_events|INSERT|UPDATE/.test(q)) + 1,
        );
        expect(
          afterCommit.filter((q) => /WHERE c\.id = |FROM tickets WHERE id = |FROM office_streams/.test(q)),
          action,
        ).toEqual([]);
        await pause(QUIET_MS);
        const caused = deltas.slice(before);
        expect(caused.length, action).toBeGreaterThan(0);
        expect(Math.max(...caused.map((d) => d.seq)), action).toBe(answer.seq);
        expect(answer.detail, action).toEqual(await detailNow());
      }
    } finally {
      db.get = get;
      db.value = value;
      if (valueLater) pg.valueLater = valueLater;
    }
  });

  it('a next with nobody to call answers the detail a refetch would give and the stream as it stands, from one statement that reads the counter, the stream number and whether anyone waits', async () => {
    // Everyone still waiting is served first.
    for (let i = 0; i < 30; i++) {
      const now = await detailNow();
      if (now.ticket) {
        if (now.ticket.state !== 'serving') await act('start');
        await act('finish');
      } else if (now.waiting.length) await act('next');
      else break;
    }
    expect(await detailNow()).toMatchObject({ ticket: null, waiting: [] });
    await pause(QUIET_MS);
    const db = t.app.services.ctx.db;
    const reads: string[] = [];
    const [get, value, all] = [db.get.bind(db), db.value.bind(db), db.all.bind(db)];
    db.get = (sql, params) => (reads.push(sql), get(sql, params));
    db.value = (sql, params) => (reads.push(sql), value(sql, params));
    db.all = (sql, params) => (reads.push(sql), all(sql, params));
    let answer: CounterActionResult;
    try {
      answer = await act('next');
    } finally {
      db.get = get;
      db.value = value;
      db.all = all;
    }
    expect(answer.ticket).toBeNull();
    expect(answer.detail).toEqual(await detailNow());
    expect(answer.seq).toBe(deltas.at(-1)?.seq);
    // The counter, the stream number and whether anyone waits, in one statement; no list.
    const counterReads = reads.filter((q) => /WHERE c\.id = /.test(q));
    expect(counterReads).toHaveLength(1);
    expect(counterReads[0]).toMatch(/FROM office_streams/);
    expect(counterReads[0]).toMatch(/FROM tickets/);
    expect(reads.filter((q) => /FROM office_streams/.test(q))).toHaveLength(1);
    expect(reads.filter((q) => /FROM tickets/.test(q))).toHaveLength(1);
    expect(reads.some((q) => /INSERT|UPDATE/.test(q))).toBe(false);
  });

  it('a next that finds someone goes to its write after that one statement; a counter serving part of its categories asks about those it serves', async () => {
    const db = t.app.services.ctx.db;
    const reads: string[] = [];
    const [get, value] = [db.get.bind(db), db.value.bind(db)];
    db.get = (sql, params) => (reads.push(sql), get(sql, params));
    db.value = (sql, params) => (reads.push(sql), value(sql, params));
    const anyToCall = (q: string) => /^SELECT CASE WHEN EXISTS/.test(q.trim());
    try {
      const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.M });
      expect(issued.statusCode).toBe(201);
      const code = issued.json<{ code: string }>().code;

      // Serving A only: the M client waits for another counter, and next says so.
      expect((await act('open', undefined, { categoryIds: [t.category.A] })).counter.state).toBe('open');
      reads.length = 0;
      expect((await act('next')).ticket).toBeNull();
      expect(reads.filter(anyToCall)).toHaveLength(1);

      // Serving both again: next calls the M client, with no question before its write but the one.
      expect(
        (await act('open', undefined, { categoryIds: [t.category.A, t.category.M] })).counter.state,
      ).toBe('open');
      reads.length = 0;
      expect((await act('next')).ticket?.code).toBe(code);
      expect(reads.filter((q) => /FROM office_streams/.test(q) && /WHERE c\.id = /.test(q))).toHaveLength(1);
      expect(reads.filter(anyToCall)).toHaveLength(0);
    } finally {
      db.get = get;
      db.value = value;
    }
    await act('start');
    await act('finish');
  });
});
