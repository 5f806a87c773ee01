import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addDays,
  atOfficeTime,
  column,
  createTestApp,
  MONDAY,
  type TestApp,
} from '../../testing/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const issue = (body: Record<string, unknown>, who: 'kiosk' | 'clerk' = 'kiosk') =>
  t.request(who, 'POST', '/api/tickets', body);

describe('issuing tickets', () => {
  it('gives a numbered ticket with an opaque id, people ahead and an estimate', async () => {
    const first = await issue({ categoryId: t.category.A });
    expect(first.statusCode).toBe(201);
    const a = first.json();
    expect(a).toMatchObject({
      code: 'A001',
      categoryId: t.category.A,
      priority: false,
      language: 'pl',
      peopleAhead: 0,
    });
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.statusUrl).toBe(`${t.config.publicUrl}/t/${a.id}`);
    const second = (await issue({ categoryId: t.category.A, language: 'uk' })).json();
    expect(second).toMatchObject({ code: 'A002', language: 'uk', peopleAhead: 1 });
    expect(second.estimatedWait.maxMinutes).toBeGreaterThan(0);
    expect(t.printer.jobs.map((j) => j.code)).toEqual(['A001', 'A002']);
    expect(t.printer.jobs[1]?.categoryName).toBe('Посвідчення особи');
  });

  it('numbers each category separately and restarts every service day in the office time zone', async () => {
    t.clock.set(Date.parse(atOfficeTime(MONDAY, '23:58'))); // 23:58 in Warsaw, Monday
    expect((await issue({ categoryId: t.category.A })).json().code).toBe('A001');
    expect((await issue({ categoryId: t.category.A })).json().code).toBe('A002');
    expect((await issue({ categoryId: t.category.R })).json().code).toBe('R001');
    t.clock.set(Date.parse(atOfficeTime(addDays(MONDAY, 1), '00:00')) + 30_000); // Tuesday in Warsaw, still Monday in UTC
    expect((await issue({ categoryId: t.category.A })).json().code).toBe('A001');
    const days = await t.db.all(
      "SELECT service_day, number FROM tickets WHERE code = 'A001' ORDER BY issued_at",
    );
    expect(days).toEqual([
      { service_day: MONDAY, number: 1 },
      { service_day: addDays(MONDAY, 1), number: 1 },
    ]);
  });

  it('enforces the daily limit inside the issuing transaction, and counts afresh the next day', async () => {
    await t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.P}`, { dailyLimit: 3 });
    const results = await Promise.all(Array.from({ length: 6 }, () => issue({ categoryId: t.category.P })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    const refused = results.find((r) => r.statusCode === 409)?.json();
    expect(refused.error.code).toBe('DAILY_LIMIT_REACHED');
    expect(refused.error.params).toEqual({ category: 'P', count: 3 });
    expect(await t.db.value('SELECT count(*) FROM tickets WHERE category_id = ?', [t.category.P])).toBe(3);
    const kiosk = (await t.request('kiosk', 'GET', '/api/categories')).json();
    expect(kiosk.find((c: { prefix: string }) => c.prefix === 'P').status).toBe('limit_reached');
    t.clock.advance(24 * 3600_000);
    expect((await issue({ categoryId: t.category.P })).json().code).toBe('P001');
  });

  it('refuses a closed category and says when it opens', async () => {
    t.clock.set(Date.parse(atOfficeTime(addDays(MONDAY, -2), '11:00'))); // Saturday
    const res = await issue({ categoryId: t.category.F });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'CATEGORY_CLOSED',
      params: { category: 'F', reason: 'outside_hours', day: 1, time: '08:00' },
    });
    const kiosk = (await t.request('anonymous', 'GET', '/api/categories')).json();
    expect(kiosk.find((c: { prefix: string }) => c.prefix === 'F')).toMatchObject({
      open: false,
      status: 'closed',
    });
    expect(await t.db.value('SELECT count(*) FROM tickets')).toBe(0);
  });

  it('stops issuing when the estimated wait would pass closing time', async () => {
    t.clock.set(Date.parse(atOfficeTime(addDays(MONDAY, 1), '15:00'))); // Tuesday; F closes at 15:30
    // Two counters serve F at 5 min each: 2.5 min a person, so about 16 people fill the last 30 min.
    let last;
    let issued = 0;
    for (let i = 0; i < 40; i++) {
      last = await issue({ categoryId: t.category.F });
      if (last.statusCode !== 201) break;
      issued++;
    }
    expect(issued).toBeGreaterThan(10);
    expect(issued).toBeLessThan(20);
    expect(last?.statusCode).toBe(409);
    expect(last?.json().error.code).toBe('WAIT_PAST_CLOSING');
    expect(last?.json().error.params).toEqual({ category: expect.any(String), time: '15:30' });
  });

  it('stores only the weight of a priority ticket, never the group, and shares the series', async () => {
    const r = (await issue({ categoryId: t.category.A, priorityGroupId: t.priorityGroupId })).json();
    expect(r).toMatchObject({ code: 'A001', priority: true });
    const row = (await t.db.get('SELECT * FROM tickets WHERE id = ?', [r.id])) as Record<string, unknown>;
    expect(row.priority_weight).toBe(4);
    expect(JSON.stringify(row)).not.toContain(t.priorityGroupId);
    const events = await column(t.db, 'SELECT data FROM ticket_events WHERE ticket_id = ?', [r.id]);
    expect(JSON.stringify(events)).not.toContain(t.priorityGroupId);
    expect((await issue({ categoryId: t.category.A })).json().code).toBe('A002');
  });

  it('refuses a category no active counter serves, and shows it so to the kiosk, until a counter does', async () => {
    const created = await t.request('supervisor', 'POST', '/api/admin/categories', {
      prefix: 'Z',
      names: { pl: 'Sprawy Z' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const z = created.json<{ id: string }>().id;
    // A counter set up with no categories, and an inactive one set up for Z, serve nobody.
    const empty = await t.request('admin', 'POST', '/api/admin/counters', { name: 'Pusty', categoryIds: [] });
    expect(empty.statusCode, empty.body).toBe(201);
    const off = await t.request('admin', 'POST', '/api/admin/counters', {
      name: 'Wyłączony',
      categoryIds: [z],
      active: false,
    });
    expect(off.statusCode, off.body).toBe(201);
    const statusOfZ = async () =>
      (await t.request('kiosk', 'GET', '/api/categories'))
        .json<Array<{ prefix: string; status: string }>>()
        .find((c) => c.prefix === 'Z')?.status;
    expect(await statusOfZ()).toBe('no_counter');
    for (const who of ['kiosk', 'clerk'] as const) {
      const res = await issue({ categoryId: z }, who);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'CATEGORY_CLOSED',
        params: { category: 'Z', reason: 'no_counter' },
      });
    }
    expect(await t.db.value('SELECT count(*) FROM tickets')).toBe(0);
    expect(t.printer.jobs).toEqual([]);

    const on = await t.request('admin', 'PATCH', `/api/admin/counters/${off.json<{ id: string }>().id}`, {
      active: true,
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(await statusOfZ()).toBe('open');
    expect((await issue({ categoryId: z })).json()).toMatchObject({ code: 'Z001' });
  });

  it('refuses unknown, inactive and foreign references with a 4xx and stores nothing', async () => {
    expect((await issue({ categoryId: 'nope' })).json().error.code).toBe('NOT_FOUND');
    expect((await issue({ categoryId: t.category.A, priorityGroupId: 'nope' })).json().error.code).toBe(
      'NOT_FOUND',
    );
    await t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.I}`, { active: false });
    const inactive = await issue({ categoryId: t.category.I });
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().error.code).toBe('CATEGORY_INACTIVE');
    expect(await t.db.value('SELECT count(*) FROM tickets')).toBe(0);
  });

  it('lets staff issue a ticket too, and records who issued it', async () => {
    const r = await issue({ categoryId: t.category.A }, 'clerk');
    expect(r.statusCode).toBe(201);
    const row = await t.db.get('SELECT issued_by_user_id, issued_by_device_id FROM tickets WHERE id = ?', [
      r.json().id,
    ]);
    expect(row).toEqual({ issued_by_user_id: t.userId.clerk, issued_by_device_id: null });
  });

  it('rate-limits issuing per kiosk', async () => {
    await t.close();
    t = await createTestApp({ env: { ISSUE_RATE_PER_MINUTE: '2' } });
    expect((await issue({ categoryId: t.category.A })).statusCode).toBe(201);
    expect((await issue({ categoryId: t.category.A })).statusCode).toBe(201);
    const third = await issue({ categoryId: t.category.A });
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('RATE_LIMITED');
    // Another caller is not held back by the kiosk's limit.
    expect((await issue({ categoryId: t.category.A }, 'clerk')).statusCode).toBe(201);
  });
});

describe('a ticket’s public status', () => {
  it('shows people ahead while waiting and the counter once called, with no priority flag', async () => {
    const a1 = (await issue({ categoryId: t.category.A })).json();
    const a2 = (await issue({ categoryId: t.category.A, priorityGroupId: t.priorityGroupId })).json();
    const status = (await t.request('anonymous', 'GET', `/api/tickets/${a2.id}`)).json();
    expect(status).toMatchObject({ code: 'A002', state: 'waiting', peopleAhead: 1, counter: null });
    expect(status).not.toHaveProperty('priority');
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`);
    t.clock.advance(60_000);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
    const called = (await t.request('anonymous', 'GET', `/api/tickets/${a2.id}`)).json();
    expect(called).toMatchObject({
      state: 'called',
      counter: { number: 1, name: 'Stanowisko 1' },
      peopleAhead: null,
    });
    expect((await t.request('anonymous', 'GET', `/api/tickets/${a1.id}`)).json()).toMatchObject({
      state: 'waiting',
      peopleAhead: 0,
    });
    expect((await t.request('anonymous', 'GET', '/api/tickets/unknown-id')).statusCode).toBe(404);
  });
});

describe('the public queue status', () => {
  it('gives per category the letter, current number, waiting, open counters and mean service time', async () => {
    await issue({ categoryId: t.category.A });
    await issue({ categoryId: t.category.A });
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/start`);
    t.clock.advance(4 * 60_000);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/finish`);
    const res = await t.request('anonymous', 'GET', '/api/public/queue-status');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.office.name).toBe('Urząd Miasta Przykładowo');
    expect(body.categories.find((c: { letter: string }) => c.letter === 'A')).toMatchObject({
      currentNumber: 'A001',
      waiting: 1,
      openCounters: 1,
      meanServiceMinutes: 4,
      open: true,
    });
    expect(body.categories.find((c: { letter: string }) => c.letter === 'R')).toMatchObject({
      currentNumber: null,
      waiting: 0,
      openCounters: 0,
      meanServiceMinutes: null,
    });
    expect(JSON.stringify(body)).not.toMatch(/priority|weight/);
  });
});
