import { column, createTestApp, MONDAY, type TestApp, type Who } from '@numerek/server/testing';
import type { Report, SurveyReport, SurveySettings } from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfTexts } from '../../server/src/testing/pdf-text.ts';

/**
 * The visit survey over HTTP (docs/decisions/0030-visit-survey.md): one answer per visit from its
 * counter's feedback tablet or its phone page, refusals with codes, nothing that leads back to the
 * ticket, and per-clerk results only when an administrator switches them on, from 10 answers.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;

let t: TestApp;
/** A feedback tablet beside counter 1, and one beside counter 3. */
let tablet1: string;
let tablet3: string;
const opened = new Set<string>();

beforeAll(async () => {
  t = await createTestApp();
  const bind = async (counter: number) => {
    const device = await t.newDevice('feedback', `Tablet ${counter}`);
    const res = await t.request('supervisor', 'PATCH', `/api/admin/devices/${device.id}`, {
      counterId: t.counter[counter],
    });
    expect(res.statusCode, res.body).toBe(200);
    return device.token;
  };
  tablet1 = await bind(1);
  tablet3 = await bind(3);
});
afterAll(async () => {
  await t?.close();
});

const put = (who: Who | { token: string }, ticketId: string, body: unknown) =>
  typeof who === 'string'
    ? t.request(who, 'PUT', `/api/tickets/${ticketId}/survey`, body)
    : t.app.inject({
        method: 'PUT',
        url: `/api/tickets/${ticketId}/survey`,
        headers: { authorization: `Bearer ${who.token}` },
        payload: body as object,
      });

const answers = async (): Promise<number> => Number(await t.db.value('SELECT count(*) FROM survey_answers'));

async function act(
  who: Who,
  counter: number,
  action: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  const res = await t.request(who, 'POST', `/api/counters/${t.counter[counter]}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res;
}

/**
 * One visit served to the end at a counter (its clerk opens it once): issued, waited `waitMinutes`,
 * called, served two minutes, finished. Answers the ticket's id.
 */
async function servedVisit(
  opts: { counter?: number; who?: Who; category?: string; waitMinutes?: number; priority?: boolean } = {},
): Promise<string> {
  const counter = opts.counter ?? 1;
  const who = opts.who ?? 'clerk';
  const issued = await t.request('kiosk', 'POST', '/api/tickets', {
    categoryId: t.category[opts.category ?? 'A'],
    language: 'en',
    ...(opts.priority ? { priorityGroupId: t.priorityGroupId } : {}),
  });
  expect(issued.statusCode, issued.body).toBe(201);
  const id = issued.json<{ id: string }>().id;
  if (!opened.has(`${who}:${counter}`)) {
    await act(who, counter, 'open');
    opened.add(`${who}:${counter}`);
  }
  t.clock.advance((opts.waitMinutes ?? 1) * MIN);
  const next = await act(who, counter, 'next');
  expect(next.json<{ ticket: { id: string } | null }>().ticket?.id).toBe(id);
  await act(who, counter, 'start');
  t.clock.advance(2 * MIN);
  await act(who, counter, 'finish');
  return id;
}

const report = async (who: Who = 'supervisor'): Promise<SurveyReport> => {
  const res = await t.request(who, 'GET', `/api/reports/daily?date=${MONDAY}`);
  expect(res.statusCode, res.body).toBe(200);
  const survey = res.json<Report>().survey;
  if (!survey) throw new Error('the report has no survey');
  return survey;
};

const settle = async (patch: Partial<SurveySettings>, who: Who = 'admin') => {
  const res = await t.request(who, 'PATCH', '/api/admin/survey/settings', patch);
  expect(res.statusCode, res.body).toBe(200);
};

describe('the visit survey', () => {
  it('counts a visit once: a second tap, a retry, the other place and answers sent at once', async () => {
    const id = await servedVisit();
    expect((await t.request('anonymous', 'GET', `/api/tickets/${id}/survey`)).json()).toEqual({ ask: true });
    const before = await answers();
    const first = await put({ token: tablet1 }, id, { score: 4 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: true });
    // A second tap on another face, a retry of the same request, the phone page: the same answer,
    // and nothing more stored.
    for (const again of [
      await put({ token: tablet1 }, id, { score: 1, reason: 'wait' }),
      await put({ token: tablet1 }, id, { score: 4 }),
      await put('anonymous', id, { score: 2 }),
    ]) {
      expect(again.statusCode, again.body).toBe(200);
      expect(again.body).toBe(first.body);
    }
    expect(await answers()).toBe(before + 1);
    expect(await t.db.value('SELECT score FROM survey_answers ORDER BY id DESC LIMIT 1')).toBe(4);
    expect((await t.request('anonymous', 'GET', `/api/tickets/${id}/survey`)).json()).toEqual({ ask: false });

    // Twenty taps of a phone at once: one answer.
    const other = await servedVisit();
    const all = await Promise.all(
      Array.from({ length: 20 }, (_, i) => put('anonymous', other, { score: (i % 5) + 1 })),
    );
    expect(all.map((r) => r.statusCode)).toEqual(new Array(20).fill(200));
    expect(await answers()).toBe(before + 2);
  });

  it('refuses bad input with a 4xx and its code, and stores nothing', async () => {
    const id = await servedVisit();
    const before = await answers();
    for (const [body, field] of [
      [{ score: 0 }, 'score'],
      [{ score: 6 }, 'score'],
      [{ score: 3.5 }, 'score'],
      [{ score: '5' }, 'score'],
      [{}, 'score'],
      [{ score: 3, comment: 'slow' }, null],
      [{ score: 1, reason: 'rude clerk' }, 'reason'],
      [{ score: 4, reason: 'manner' }, 'reason'],
    ] as const) {
      const res = await put('anonymous', id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json(), JSON.stringify(body)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      if (field) expect(res.json<{ error: { params: { field: string } } }>().error.params.field).toBe(field);
    }
    const unknown = await put('anonymous', 'no-such-ticket', { score: 5 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await t.request('anonymous', 'GET', '/api/tickets/no-such-ticket/survey')).statusCode).toBe(404);
    // A kiosk is refused before its body is read.
    const kiosk = await t.request('kiosk', 'PUT', `/api/tickets/${id}/survey`, { score: 'junk' });
    expect(kiosk.statusCode).toBe(403);
    expect(kiosk.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await answers()).toBe(before);
  });

  it('takes an answer only for a visit that ended with service, in time, where the office asks', async () => {
    const closed = (res: LightMyRequestResponse, reason: string) => {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'SURVEY_CLOSED', params: { reason } } });
    };
    const before = await answers();
    // Still waiting, then a no-show.
    const waiting = (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).json<{
      id: string;
    }>().id;
    closed(await put('anonymous', waiting, { score: 5 }), 'not_finished');
    expect((await t.request('anonymous', 'GET', `/api/tickets/${waiting}/survey`)).json()).toEqual({
      ask: false,
    });
    await act('clerk', 1, 'next');
    await act('clerk', 1, 'no-show');
    closed(await put('anonymous', waiting, { score: 1 }), 'not_finished');

    // The tablet of another counter; a tablet after its ten minutes; a phone after 48 hours.
    const id = await servedVisit();
    closed(await put({ token: tablet3 }, id, { score: 5 }), 'other_counter');
    t.clock.advance(11 * MIN);
    closed(await put({ token: tablet1 }, id, { score: 5 }), 'too_late');

    // The office switches the phone page off, then the survey.
    await settle({ phone: false }, 'supervisor');
    const offPhone = await servedVisit();
    closed(await put('anonymous', offPhone, { score: 3 }), 'off');
    expect((await t.request('anonymous', 'GET', `/api/tickets/${offPhone}/survey`)).json()).toEqual({
      ask: false,
    });
    expect((await put({ token: tablet1 }, offPhone, { score: 3 })).statusCode).toBe(200);
    await settle({ enabled: false }, 'supervisor');
    const off = await servedVisit();
    closed(await put({ token: tablet1 }, off, { score: 3 }), 'off');
    await settle({ enabled: true, phone: true }, 'supervisor');
    expect(await answers()).toBe(before + 1);
  });

  it('keeps no link to the ticket, its number, a name or a priority group', async () => {
    const id = await servedVisit({ priority: true, waitMinutes: 12 });
    const code = String(await t.db.value('SELECT code FROM tickets WHERE id = ?', [id]));
    const first = await put('anonymous', id, { score: 1, reason: 'information' });
    const again = await put('anonymous', id, { score: 5 });
    expect(again.body).toBe(first.body);

    const columns = (
      await column<string>(
        t.db,
        t.db.engine === 'sqlite'
          ? "SELECT name FROM pragma_table_info('survey_answers') ORDER BY cid"
          : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'survey_answers' ORDER BY ordinal_position",
      )
    ).map(String);
    expect(columns).toEqual([
      'id',
      'office_id',
      'service_day',
      'hour',
      'category_id',
      'counter_id',
      'clerk_user_id',
      'wait_band',
      'transfers',
      'channel',
      'score',
      'reason',
    ]);
    const stored = await t.db.get<Record<string, unknown>>(
      'SELECT * FROM survey_answers ORDER BY id DESC LIMIT 1',
    );
    expect(stored).toMatchObject({ score: 1, reason: 'information', wait_band: '10-20', channel: 'phone' });
    const text = JSON.stringify(stored);
    for (const secret of [id, code, t.priorityGroupId]) expect(text).not.toContain(secret);
    // The ticket keeps only that its visit was answered.
    expect(await t.db.value('SELECT survey_answered FROM tickets WHERE id = ?', [id])).toBe(1);
    // The report holds figures, the names the office gave, no ticket.
    const res = await t.request('supervisor', 'GET', `/api/reports/daily?date=${MONDAY}`);
    for (const secret of [id, code, t.priorityGroupId]) expect(res.body).not.toContain(secret);
    expect((await report()).byClerk).toBeNull();
  });

  it('reports rates, means and distributions, and per clerk only when switched on and from 10 answers', async () => {
    const before = await report();
    for (let i = 0; i < 10; i++) {
      const id = await servedVisit({ waitMinutes: 25 });
      expect((await put('anonymous', id, { score: i < 5 ? 5 : 4 })).statusCode).toBe(200);
    }
    // The tablet asks as each visit ends.
    for (let i = 0; i < 9; i++) {
      const id = await servedVisit({ counter: 3, who: 'clerk2', category: 'R' });
      expect((await put({ token: tablet3 }, id, { score: 2 })).statusCode).toBe(200);
    }

    const off = await report();
    expect(off.byClerk).toBeNull();
    expect(off.total.answers).toBe(before.total.answers + 19);
    expect(off.byChannel.tablet).toBe(before.byChannel.tablet + 9);
    const counter3 = off.byCounter.find((l) => l.id === t.counter[3]);
    expect(counter3).toMatchObject({
      label: 'Stanowisko 3',
      answers: 9,
      mean: 2,
      distribution: [0, 9, 0, 0, 0],
    });
    expect(counter3?.served).toBe(9);
    expect(counter3?.responseRate).toBe(1);
    const band = off.byWait.find((l) => l.id === '20-30');
    expect(band).toMatchObject({ answers: 10, mean: 4.5, distribution: [0, 0, 0, 5, 5] });
    expect(off.byWait.map((l) => l.id)).toEqual(['0-10', '10-20', '20-30', '30-60', '60+']);
    expect(off.byTransfers.map((l) => l.id)).toEqual(['0', '1', '2+']);
    expect(off.byDay.map((l) => l.id)).toEqual([MONDAY]);

    // A supervisor may not switch per-clerk results on; an administrator may.
    const refused = await t.request('supervisor', 'PATCH', '/api/admin/survey/settings', { perClerk: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN', params: { reason: 'admin_only' } } });
    await settle({ perClerk: true });
    const on = await report();
    // Anna has her ten and the answers of the visits above; Jan has nine and is left out.
    expect(on.byClerk?.map((l) => l.id)).toEqual([t.userId.clerk]);
    expect(on.byClerk?.[0]?.label).toBe('Anna Nowak');
    expect(on.clerksBelowMinimum).toBe(1);
    expect(on.minAnswersPerClerk).toBe(10);
    expect(JSON.stringify(on)).not.toContain(t.userId.clerk2);

    // One more answer for Jan: now he has his line.
    expect(
      (
        await put({ token: tablet3 }, await servedVisit({ counter: 3, who: 'clerk2', category: 'R' }), {
          score: 3,
        })
      ).statusCode,
    ).toBe(200);
    expect((await report()).byClerk?.map((l) => l.label)).toEqual(['Anna Nowak', 'Jan Kowalski']);
    await settle({ perClerk: false });
  });

  it('counts a transferred visit once, with its transfer, at the counter where it ended', async () => {
    const issued = (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).json<{
      id: string;
    }>();
    await act('clerk', 1, 'next');
    await act('clerk', 1, 'start');
    await act('clerk', 1, 'transfer', { categoryId: t.category.R });
    const before = await report();
    // The phone holds the first ticket's id: the question comes only when the visit has ended.
    expect((await t.request('anonymous', 'GET', `/api/tickets/${issued.id}/survey`)).json()).toEqual({
      ask: false,
    });
    await act('clerk2', 3, 'next');
    await act('clerk2', 3, 'start');
    await act('clerk2', 3, 'finish');
    expect((await t.request('anonymous', 'GET', `/api/tickets/${issued.id}/survey`)).json()).toEqual({
      ask: true,
    });
    // The tablet of counter 1 is not where it ended; counter 3's is, and the phone answers the same visit.
    expect((await put({ token: tablet1 }, issued.id, { score: 3 })).statusCode).toBe(409);
    expect((await put('anonymous', issued.id, { score: 3 })).statusCode).toBe(200);
    expect((await put({ token: tablet3 }, issued.id, { score: 5 })).statusCode).toBe(200);
    const after = await report();
    const once = (r: SurveyReport) => r.byTransfers.find((l) => l.id === '1')?.answers ?? 0;
    expect(once(after)).toBe(once(before) + 1);
    expect(after.total.answers).toBe(before.total.answers + 1);
  });

  it('writes the survey into the CSV and the PDF, in the language asked for', async () => {
    const total = (await report()).total;
    const get = (format: string, lang: string) =>
      t.request('supervisor', 'GET', `/api/reports/daily?date=${MONDAY}&format=${format}&lang=${lang}`);
    const pl = (await get('csv', 'pl')).body;
    expect(pl).toContain('\r\nAnkieta po wizycie\r\n');
    expect(pl).toContain(`\r\nZestawienie;Razem;${total.answers};${total.served};`);
    expect(pl).toContain('Czas oczekiwania;20–30 min;10;');
    expect(pl).toContain('Przekazania;1 przekazanie;');
    const en = (await get('csv', 'en')).body;
    expect(en).toContain('\r\nVisit survey\r\n');
    expect(en).toContain('Results per clerk are switched off.');
    expect(en).not.toMatch(/Ankieta|Przekazania/);
    for (const [lang, words] of [
      ['pl', ['Ankieta po wizycie', 'Ocena a czas oczekiwania', 'Ocena a przekazania', 'Stanowisko 3']],
      ['uk', ['Опитування після візиту', 'Оцінка та час очікування']],
    ] as const) {
      const texts = pdfTexts((await get('pdf', lang)).rawPayload).join('\n');
      for (const w of words) expect(texts, `${lang}: ${w}`).toContain(w);
    }
  });

  it('validates the settings with the shared schema', async () => {
    for (const body of [{}, { enabled: 'yes' }, { tablet: 1 }, { colour: 'red' }]) {
      const res = await t.request('supervisor', 'PATCH', '/api/admin/survey/settings', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const res = await t.request('supervisor', 'GET', '/api/admin/survey/settings');
    expect(res.json()).toEqual({ enabled: true, tablet: true, phone: true, perClerk: false });
    // Only a feedback tablet stands beside a counter.
    const kiosk = await t.newDevice('kiosk', 'Kiosk 2');
    const refused = await t.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
      counterId: t.counter[1],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', params: { field: 'counterId' } },
    });
  });

  it('asks on the phone page for 48 hours after the visit, no longer', async () => {
    const id = await servedVisit();
    t.clock.advance(47 * HOUR);
    expect((await t.request('anonymous', 'GET', `/api/tickets/${id}/survey`)).json()).toEqual({ ask: true });
    t.clock.advance(2 * HOUR);
    expect((await t.request('anonymous', 'GET', `/api/tickets/${id}/survey`)).json()).toEqual({ ask: false });
    const res = await put('anonymous', id, { score: 5 });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'SURVEY_CLOSED', params: { reason: 'too_late' } } });
  });
});
