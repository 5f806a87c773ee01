import { createTestApp, MONDAY, type TestApp, type Who } from '@numerek/server/testing';
import type { CounterActionOutcome, Report, ReportLine } from '@numerek/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function issue(prefix: string, priority = false): Promise<string> {
  const res = await t.request('kiosk', 'POST', '/api/tickets', {
    categoryId: t.category[prefix],
    ...(priority ? { priorityGroupId: t.priorityGroupId } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ code: string }>().code;
}

async function act(who: Who, counter: number, action: string, body?: unknown): Promise<CounterActionOutcome> {
  const res = await t.request(who, 'POST', `/api/counters/${t.counter[counter]}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json<CounterActionOutcome>();
}

const line = (lines: ReportLine[], label: string) => lines.find((l) => l.label.startsWith(label));

/**
 * A priority client transferred to another category is a priority client of every line they were
 * in, and their wait there is the one the clerk who called them was shown; the day reads the
 * same from the kept daily totals once its tickets are gone.
 */
describe('the report of a transferred priority client', () => {
  it('agrees with itself, with the clerk’s panel and with the daily totals', async () => {
    // 09:00 R001 (priority), A001 and M001. Counter 3 (R, P) and counter 1 (A, M) open.
    expect(await issue('R', true)).toBe('R001');
    expect(await issue('A')).toBe('A001');
    expect(await issue('M')).toBe('M001');
    await act('clerk', 1, 'open');
    await act('clerk2', 3, 'open');
    t.clock.advance(MIN); // 09:01: counter 1 calls A001 (waited 1).
    expect((await act('clerk', 1, 'next')).ticket?.code).toBe('A001');
    await act('clerk', 1, 'start');
    t.clock.advance(2 * MIN); // 09:03: counter 3 calls R001 (waited 3).
    expect((await act('clerk2', 3, 'next')).ticket?.code).toBe('R001');
    await act('clerk2', 3, 'start');
    t.clock.advance(MIN); // 09:04: R001 goes to M.
    await act('clerk2', 3, 'transfer', { categoryId: t.category.M });
    t.clock.advance(1.4 * MIN); // 09:05:24: counter 1 calls R001 before M001, its priority kept.
    await act('clerk', 1, 'finish');
    const called = await act('clerk', 1, 'next');
    expect(called.ticket).toMatchObject({ code: 'R001', priority: true, waitedMinutes: 5.4 });
    expect(called.decision?.ticket.waitedMinutes).toBe(5.4);
    await act('clerk', 1, 'start');
    t.clock.advance(3 * MIN);
    await act('clerk', 1, 'finish');

    const res = await t.request('supervisor', 'GET', `/api/reports/daily?date=${MONDAY}`);
    expect(res.statusCode).toBe(200);
    const report = res.json<Report>();
    expect(line(report.byCategory, 'R ')).toMatchObject({
      issued: 1,
      transferred: 1,
      priorityShare: 1,
      priorityWait: { count: 1, mean: 3 },
      regularWait: { count: 0 },
    });
    // M: M001 (regular, still waiting) and the transferred R001 (priority), called 5.4 minutes
    // after its ticket was issued, as the clerk was shown.
    expect(line(report.byCategory, 'M ')).toMatchObject({
      issued: 1,
      served: 1,
      priorityShare: 0.5,
      wait: { count: 1, mean: 5.4 },
      priorityWait: { count: 1, mean: 5.4 },
      regularWait: { count: 0 },
    });
    // Counter 1 called A001 (regular) and R001 (priority); so did its clerk.
    for (const l of [line(report.byCounter, 'Stanowisko 1'), line(report.byClerk, 'Anna Nowak')])
      expect(l).toMatchObject({
        priorityShare: 0.5,
        priorityWait: { count: 1, mean: 5.4 },
        regularWait: { count: 1, mean: 1 },
      });
    expect(line(report.byCounter, 'Stanowisko 3')).toMatchObject({
      priorityShare: 1,
      priorityWait: { count: 1, mean: 3 },
    });
    // The office: three clients, one with priority, whose two calls both count as waits.
    expect(report.total).toMatchObject({
      issued: 3,
      priorityShare: 0.333,
      priorityWait: { count: 2, mean: 4.2 },
      regularWait: { count: 1, mean: 1 },
    });
    for (const l of [...report.byCategory, ...report.byCounter, ...report.byClerk]) {
      if (l.priorityWait.count > 0) expect(l.priorityShare, l.label).toBeGreaterThan(0);
      if (l.regularWait.count > 0) expect(l.priorityShare, l.label).toBeLessThan(1);
    }

    // Past retention the day is read from its daily totals: the same report.
    t.clock.advance(91 * DAY);
    expect(await t.app.services.reports.foldExpired()).toBe(4);
    const supervisor = {
      kind: 'user' as const,
      id: t.userId.supervisor,
      officeId: t.officeId,
      role: 'supervisor' as const,
      displayName: 'Ewa Kierownik',
      username: 'kierownik',
    };
    const folded = await t.app.services.reports.daily(supervisor, MONDAY);
    expect(folded.aggregatedDays).toEqual([MONDAY]);
    const { generatedAt: _a, aggregatedDays: _b, ...live } = report;
    const { generatedAt: _c, aggregatedDays: _d, ...kept } = folded;
    expect(kept).toEqual(live);
  });
});
