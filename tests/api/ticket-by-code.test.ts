import { atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import type { TicketRecord } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A supervisor answering a client finds the ticket by the code the client reads off it (A017):
 * today's ticket of the supervisor's own office, its whole record as by its id.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const issue = async (prefix: string) => {
  const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category[prefix] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; code: string }>();
};
const byCode = (code: string) => t.request('supervisor', 'GET', `/api/admin/tickets?code=${code}`);

describe('a ticket found by its code', () => {
  it('answers today’s ticket with its record, the first leg of a transferred one', async () => {
    await issue('A');
    const m = await issue('M');
    expect(m.code).toBe('M001');
    const res = await byCode('M001');
    expect(res.statusCode, res.body).toBe(200);
    const record = res.json<TicketRecord>();
    expect(record.ticket).toMatchObject({ id: m.id, code: 'M001' });
    expect(record.events.map((e) => e.type)).toEqual(['issued']);
    expect(record).toEqual(
      (await t.request('supervisor', 'GET', `/api/admin/tickets/${m.id}`)).json<TicketRecord>(),
    );

    // After a transfer the child shares the code; the code still finds where the visit began.
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/call`, {
      ticketId: m.id,
      reasonCode: 'other',
    });
    const moved = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/transfer`, {
      counterId: t.counter[2],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const again = (await byCode('M001')).json<TicketRecord>();
    expect(again.ticket.id).toBe(m.id);
    expect(again.events.map((e) => e.type)).toEqual(['issued', 'called', 'transferred']);
  });

  it('says a code nobody was given today is not found, naming the code', async () => {
    const res = await byCode('R123');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', params: { ticket: 'R123' } });
  });

  it('refuses what is no ticket code with a 400 naming the field', async () => {
    for (const bad of ['m001', 'A1', 'ABCD001', 'A00001', '%27%20OR%201%3D1']) {
      const res = await byCode(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error, bad).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'code' } });
    }
  });

  it('finds only today’s tickets: a code of yesterday is not found after midnight', async () => {
    const late = await createTestApp({ now: atOfficeTime(MONDAY, '23:50') });
    try {
      const res = await late.request('kiosk', 'POST', '/api/tickets', { categoryId: late.category.A });
      const code = res.json<{ code: string }>().code;
      const find = () => late.request('supervisor', 'GET', `/api/admin/tickets?code=${code}`);
      expect((await find()).statusCode).toBe(200);
      late.clock.advance(20 * 60 * 1000);
      expect((await find()).statusCode).toBe(404);
    } finally {
      await late.close();
    }
  });
});
