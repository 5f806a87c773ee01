import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES, type Report } from '@numerek/shared';
import { loadConfig } from '../../config/config.ts';
import type { UserActor } from '../../actor.ts';
import { pdfTexts } from '../../testing/pdf-text.ts';
import { addDays, createTestApp, MONDAY, type TestApp, type Who } from '../../testing/test-app.ts';
import { reportPdf } from './report-pdf.ts';
import { REPORT_WORDS } from './report-words.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const MIN = 60_000;
const DAY = MONDAY;

async function issue(prefix: string, priority = false): Promise<{ id: string; code: string }> {
  const res = await t.request('kiosk', 'POST', '/api/tickets', {
    categoryId: t.category[prefix],
    ...(priority ? { priorityGroupId: t.priorityGroupId } : {}),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; code: string };
}

async function act(
  who: Who,
  counter: number,
  action: string,
  body?: unknown,
): Promise<{ ticket: { code: string } | null }> {
  const res = await t.request(who, 'POST', `/api/counters/${t.counter[counter]}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as { ticket: { code: string } | null };
}

/**
 * The scripted day (local times on the test app's Monday; category A has a 10-minute maximum):
 * 09:00 A001 and A002 (priority) issued; Anna opens counter 1 (A, M), Jan counter 3 (R, P).
 * 09:02 R001. 09:04 counter 1 calls A002 (waited 4), serves 09:04–09:10.
 * 09:05 counter 3 calls R001 (waited 3); 09:06 no-show.
 * 09:10 counter 1 calls A001 (10), serves 09:10–09:18. 09:18–09:33 Anna on a break.
 * 09:20 M001, 09:25 A003. 09:33 counter 1 calls M001 (13); 09:35 transfers it to R.
 * 09:36 counter 1 calls A003 (11 > 10: over the maximum), serves 09:36–09:40.
 * 09:40 counter 3 calls the transferred M001 (20 since its ticket), serves 09:40–09:52.
 * 09:52–10:00 Jan at the back office.
 */
async function scriptedDay(): Promise<void> {
  const patched = await t.request('admin', 'PATCH', `/api/admin/categories/${t.category.A}`, {
    maxWaitMinutes: 10,
  });
  expect(patched.statusCode).toBe(200);
  await issue('A');
  await issue('A', true);
  await act('clerk', 1, 'open');
  await act('clerk2', 3, 'open');
  t.clock.advance(2 * MIN);
  await issue('R');
  t.clock.advance(2 * MIN); // 09:04
  expect((await act('clerk', 1, 'next')).ticket?.code).toBe('A002');
  await act('clerk', 1, 'start');
  t.clock.advance(1 * MIN); // 09:05
  expect((await act('clerk2', 3, 'next')).ticket?.code).toBe('R001');
  t.clock.advance(1 * MIN); // 09:06
  await act('clerk2', 3, 'no-show');
  t.clock.advance(4 * MIN); // 09:10
  await act('clerk', 1, 'finish');
  expect((await act('clerk', 1, 'next')).ticket?.code).toBe('A001');
  await act('clerk', 1, 'start');
  t.clock.advance(8 * MIN); // 09:18
  await act('clerk', 1, 'finish');
  await act('clerk', 1, 'pause', { reason: 'break' });
  t.clock.advance(2 * MIN); // 09:20
  await issue('M');
  t.clock.advance(5 * MIN); // 09:25
  await issue('A');
  t.clock.advance(8 * MIN); // 09:33
  await act('clerk', 1, 'resume');
  expect((await act('clerk', 1, 'next')).ticket?.code).toBe('M001');
  t.clock.advance(2 * MIN); // 09:35
  await act('clerk', 1, 'transfer', { categoryId: t.category.R });
  t.clock.advance(1 * MIN); // 09:36
  expect((await act('clerk', 1, 'next')).ticket?.code).toBe('A003');
  await act('clerk', 1, 'start');
  t.clock.advance(4 * MIN); // 09:40
  await act('clerk', 1, 'finish');
  expect((await act('clerk2', 3, 'next')).ticket?.code).toBe('M001');
  await act('clerk2', 3, 'start');
  t.clock.advance(12 * MIN); // 09:52
  await act('clerk2', 3, 'finish');
  await act('clerk2', 3, 'pause', { reason: 'back_office' });
  t.clock.advance(8 * MIN); // 10:00
  await act('clerk2', 3, 'resume');
}

const supervisor = (): UserActor => ({
  kind: 'user',
  id: t.userId.supervisor,
  officeId: t.officeId,
  role: 'supervisor',
  displayName: 'Ewa Kierownik',
  username: 'kierownik',
});

async function daily(who: Who = 'supervisor', format = 'json', date = DAY) {
  return t.request(who, 'GET', `/api/reports/daily?date=${date}&format=${format}`);
}

describe('GET /api/reports/daily', () => {
  it('reports a scripted day with hand-computed numbers', async () => {
    await scriptedDay();
    const res = await daily();
    expect(res.statusCode).toBe(200);
    const r = res.json() as Report;
    expect(r.office.name).toBe('Urząd Miasta Przykładowo');
    // Waits 4, 10, 3, 13, 11, 20; service 6, 8, 4, 12.
    expect(r.total).toMatchObject({
      issued: 5,
      served: 4,
      noShow: 1,
      transferred: 1,
      cancelled: 0,
      wait: { count: 6, mean: 10.2, median: 10.5, p90: 20, max: 20 },
      service: { count: 4, mean: 7.5, median: 7, p90: 12, max: 12 },
      priorityShare: 0.2,
      priorityWait: { count: 1, mean: 4 },
      regularWait: { count: 5, mean: 11.4 },
      overMaxWait: 1,
    });
    const cat = (prefix: string) => r.byCategory.find((l) => l.label.startsWith(`${prefix} `));
    expect(cat('A')).toMatchObject({
      label: 'A Dowody osobiste',
      issued: 3,
      served: 3,
      wait: { count: 3, mean: 8.3, median: 10, p90: 11, max: 11 },
      service: { count: 3, mean: 6, median: 6, p90: 8, max: 8 },
      priorityShare: 0.333,
      priorityWait: { mean: 4 },
      regularWait: { mean: 10.5 },
      overMaxWait: 1,
    });
    expect(cat('R')).toMatchObject({
      label: 'R Rejestracja pojazdów',
      issued: 1,
      served: 1,
      noShow: 1,
      wait: { count: 2, mean: 11.5, max: 20 },
      service: { count: 1, mean: 12 },
    });
    expect(cat('M')).toMatchObject({ issued: 1, served: 0, transferred: 1, wait: { count: 1, mean: 13 } });
    expect(r.byCounter.map((l) => [l.label, l.served, l.noShow, l.transferred, l.wait.mean])).toEqual([
      ['Stanowisko 1', 3, 0, 1, 9.5],
      ['Stanowisko 3', 1, 1, 0, 11.5],
    ]);
    expect(
      r.byClerk.map((l) => [l.label, l.served, l.pauseMinutes.break, l.pauseMinutes.back_office]),
    ).toEqual([
      ['Anna Nowak', 3, 15, 0],
      ['Jan Kowalski', 1, 0, 8],
    ]);
    expect(r.pauseMinutes).toEqual({ break: 15, back_office: 8, end_of_day: 0 });
    expect(r.arrivalsPerHour[9]).toBe(5);
    expect(r.arrivalsPerHour.reduce((a, b) => a + b, 0)).toBe(5);
    expect(r.aggregatedDays).toEqual([]);

    const range = (
      await t.request(
        'supervisor',
        'GET',
        `/api/reports/range?from=${addDays(DAY, -22)}&to=${addDays(DAY, 7)}`,
      )
    ).json() as Report;
    expect(range.total).toEqual(r.total);
    expect(range.byClerk).toEqual(r.byClerk);
  });

  it('answers JSON with figures and the names the office gave, and no words of its own', async () => {
    await scriptedDay();
    const res = await daily();
    const r = res.json() as Report;
    // The console names the office total in its reader's language.
    expect(r.total).not.toHaveProperty('label');
    expect(r.total).not.toHaveProperty('id');
    for (const lang of LANGUAGES) expect(res.body).not.toContain(`"${REPORT_WORDS[lang].total}"`);
    expect(r.byCategory.map((l) => l.label)).toContain('A Dowody osobiste');
  });

  it('downloads CSV for a Polish Excel and a PDF with the Polish names intact', async () => {
    await scriptedDay();
    const csv = await daily('supervisor', 'csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="numerek-${DAY}.csv"`);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain('\r\nRazem;Razem;5;4;1;1;0;10,2;10,5;20;20;7,5;7;12;12;20;4;11,4;1\r\n');
    expect(csv.body).toContain('Urzędnik;Anna Nowak;');

    const pdf = await daily('admin', 'pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain('DejaVuSans');
    const texts = pdfTexts(pdf.rawPayload);
    for (const name of [
      'Urząd Miasta Przykładowo',
      'A Dowody osobiste',
      'R Rejestracja pojazdów',
      'Według urzędników',
      'Oczekiwanie: priorytetowi i pozostali',
    ]) {
      expect(
        texts.some((text) => text.includes(name)),
        name,
      ).toBe(true);
    }
    // Every page carries the office's name and its number.
    const footers = texts.join('\n').match(/Urząd Miasta Przykładowo · strona \d+ z \d+/g) ?? [];
    expect(footers.length).toBeGreaterThan(0);
    expect(footers[0]).toBe(`Urząd Miasta Przykładowo · strona 1 z ${footers.length}`);
  });

  it('writes the CSV and the PDF in the language asked for, headings included', async () => {
    await scriptedDay();
    const get = (format: string, lang: string) =>
      t.request('supervisor', 'GET', `/api/reports/daily?date=${DAY}&format=${format}&lang=${lang}`);
    const en = (await get('csv', 'en')).body;
    expect(en).toContain('\r\nTotal;Total;5;4;1;1;0;10.2;10.5;20;20;7.5;7;12;12;20;4;11.4;1\r\n');
    expect(en).toContain('Clerk;Anna Nowak;');
    expect(en).not.toMatch(/Razem|Urzędnik|Wydane/);
    const uk = (await get('csv', 'uk')).body;
    expect(uk).toContain('\r\nРазом;Разом;5;4;1;1;0;10,2;');
    expect(uk).toContain('Працівник;Anna Nowak;');
    // Categories in the language asked for, as the office named them in it.
    expect(uk).toContain('Посвідчення особи');
    expect(uk).not.toContain('Dowody osobiste');
    expect(en).toContain('A ID cards');
    const json = (lang: string) =>
      t
        .request('supervisor', 'GET', `/api/reports/daily?date=${DAY}&lang=${lang}`)
        .then((r) => r.json<Report>());
    expect((await json('uk')).byCategory.map((l) => l.label)).toContain('A Посвідчення особи');
    expect((await json('pl')).byCategory.map((l) => l.label)).toContain('A Dowody osobiste');

    const texts = (lang: string) => get('pdf', lang).then((r) => pdfTexts(r.rawPayload).join('\n'));
    const enPdf = await texts('en');
    for (const words of ['By clerk', 'Waiting: priority and other clients', 'A ID cards'])
      expect(enPdf, words).toContain(words);
    expect(enPdf).not.toMatch(/Według|strona|Razem/);
    const ukPdf = await texts('uk');
    for (const words of ['За працівниками']) expect(ukPdf, words).toContain(words);
    expect((await get('csv', 'de')).json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', params: { field: 'lang' } },
    });
  });

  it('is for supervisors and admins only, and validates the dates', async () => {
    expect((await daily('anonymous')).statusCode).toBe(401);
    for (const who of ['clerk', 'kiosk', 'display'] as const) expect((await daily(who)).statusCode).toBe(403);
    expect((await daily('admin')).statusCode).toBe(200);
    const bad = await daily('supervisor', 'json', '2026-13-01');
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect((await daily('supervisor', 'xml')).statusCode).toBe(400);
    expect((await daily('supervisor', 'json', '2026-02-30')).statusCode).toBe(400);
    const backwards = await t.request(
      'supervisor',
      'GET',
      `/api/reports/range?from=${DAY}&to=${addDays(DAY, -22)}`,
    );
    expect(backwards.statusCode).toBe(400);
    const long = await t.request('supervisor', 'GET', '/api/reports/range?from=2024-01-01&to=2026-01-01');
    expect((long.json() as { error: { params: unknown } }).error.params).toEqual({ field: 'to', count: 366 });
  });

  it('gives an empty day zeros and nulls', async () => {
    const r = (await daily('supervisor', 'json', addDays(DAY, -3))).json() as Report;
    expect(r.total).toMatchObject({ issued: 0, wait: { count: 0, mean: null }, priorityShare: null });
    expect(r.arrivalsPerHour).toEqual(new Array(24).fill(0));
  });
});

describe('retention', () => {
  it('folds ticket records older than RETENTION_DAYS into aggregates; reports are unchanged', async () => {
    await scriptedDay();
    const before = (await daily()).json() as Report;
    const { reports } = t.app.services;

    // 90 days later the day is still kept.
    t.clock.advance(90 * 24 * 60 * MIN);
    expect(await reports.foldExpired()).toBe(0);
    // A day later it is folded: tickets and their events are gone.
    t.clock.advance(24 * 60 * MIN);
    const fresh = await issue('A');
    expect(await reports.foldExpired()).toBe(6);
    const count = async (sql: string) => (await t.db.value(sql, [DAY])) as number;
    expect(await count('SELECT count(*) FROM tickets WHERE service_day = ?')).toBe(0);
    expect(await count('SELECT count(*) FROM ticket_series WHERE service_day = ?')).toBe(0);
    expect(await t.db.value('SELECT count(*) FROM ticket_events')).toBe(1);
    expect((await t.request('anonymous', 'GET', `/api/tickets/${fresh.id}`)).statusCode).toBe(200);

    // Sessions have long expired by now: read the report through the service as the supervisor.
    const after = await reports.daily(supervisor(), DAY);
    expect(after.aggregatedDays).toEqual([DAY]);
    const { generatedAt: _a, aggregatedDays: _b, ...beforeBody } = before;
    const { generatedAt: _c, aggregatedDays: _d, ...afterBody } = after;
    expect(afterBody).toEqual(beforeBody);
    expect(pdfTexts(await reportPdf(after)).some((text) => text.includes('Anna Nowak'))).toBe(true);
    // Running it again changes nothing.
    expect(await reports.foldExpired()).toBe(0);
    expect((await reports.daily(supervisor(), DAY)).total).toEqual(before.total);
  });

  it('clears the cached waiting lists after deleting tickets', async () => {
    await issue('A');
    t.clock.advance(100 * 24 * 60 * MIN);
    expect(await t.app.services.reports.foldExpired()).toBe(1);
    const next = await issue('A', true);
    expect(next.code).toBe('A001');
    // A priority ticket's estimate walks the cached queue: the deleted ticket must not be in it.
    const status = (await t.request('anonymous', 'GET', `/api/tickets/${next.id}`)).json() as {
      peopleAhead: number;
    };
    expect(status.peopleAhead).toBe(0);
  });

  it('reads RETENTION_DAYS from the environment', async () => {
    const other = await createTestApp({ env: { RETENTION_DAYS: '30' } });
    try {
      expect(other.config.retentionDays).toBe(30);
      expect(t.config.retentionDays).toBe(90);
      expect(() => loadConfig({ RETENTION_DAYS: '0' })).toThrow(
        /RETENTION_DAYS="0": expected a whole number of days/,
      );
      expect(() => loadConfig({ RETENTION_DAYS: 'ninety' })).toThrow(/RETENTION_DAYS/);
    } finally {
      await other.close();
    }
  });
});
