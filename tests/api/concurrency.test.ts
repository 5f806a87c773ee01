import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@numerek/server/testing';

// Real HTTP on a loopback port: many requests in flight at once, as from many kiosks and counters.
let t: TestApp;
let base: string;
const clerkCookies: string[] = [];
const counterIds: string[] = [];

async function http(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const admin = t.headers('admin');
  const all = Object.values(t.category);
  // Ten counters serving everything, each opened by its own clerk.
  for (let i = 0; i < 10; i++) {
    const counter = await http('POST', '/api/admin/counters', admin, {
      name: `Okienko ${i + 11}`,
      number: i + 11,
      categoryIds: all,
    });
    expect(counter.status).toBe(201);
    counterIds.push(String(counter.body.id));
    clerkCookies.push((await t.addStaff(`clerk${i}`, 'clerk', 'clerk-password')).cookie);
    expect(
      (await http('POST', `/api/counters/${counterIds[i]}/open`, { cookie: clerkCookies[i] ?? '' })).status,
    ).toBe(200);
  }
});

afterAll(async () => {
  await t.close();
});

const duplicates = () =>
  t.db.all(
    'SELECT category_id, service_day, number, count(*) AS n FROM tickets GROUP BY category_id, service_day, number HAVING count(*) > 1',
  );

describe('under concurrency', () => {
  it('500 concurrent issue requests get 500 distinct numbers', async () => {
    const categories = Object.values(t.category);
    const kiosk = t.headers('kiosk');
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        http('POST', '/api/tickets', kiosk, {
          categoryId: categories[i % categories.length],
          ...(i % 5 === 0 ? { priorityGroupId: t.priorityGroupId } : {}),
        }),
      ),
    );
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const codes = results.map((r) => r.body.code);
    expect(new Set(codes).size).toBe(500);
    expect(await t.db.value('SELECT count(*) FROM tickets')).toBe(500);
    expect(await duplicates()).toEqual([]);
    // Each category's numbers run 1..n with no gap.
    const gaps = await t.db.all(
      'SELECT category_id, count(*) AS n, max(number) AS top FROM tickets GROUP BY category_id HAVING count(*) <> max(number)',
    );
    expect(gaps).toEqual([]);
  });

  it('200 concurrent `next` calls from 10 counters: one client per counter, the rest refused as busy', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        http('POST', `/api/counters/${counterIds[i % 10]}/next`, { cookie: clerkCookies[i % 10] ?? '' }),
      ),
    );
    const called = results.filter((r) => r.status === 200).map((r) => (r.body.ticket as { id: string }).id);
    expect(called).toHaveLength(10);
    expect(new Set(called).size).toBe(10);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(190);
    expect(new Set(refused.map((r) => (r.body.error as { code: string }).code))).toEqual(
      new Set(['COUNTER_BUSY']),
    );
    // Free the desks for the next test.
    for (let i = 0; i < 10; i++)
      await http('POST', `/api/counters/${counterIds[i]}/no-show`, { cookie: clerkCookies[i] ?? '' });
  });

  it('10 counters calling as fast as they can never call a ticket twice', async () => {
    const calledBy = new Map<string, string>();
    const clash: string[] = [];
    await Promise.all(
      counterIds.map(async (counterId, i) => {
        const cookie = { cookie: clerkCookies[i] ?? '' };
        for (let round = 0; round < 20; round++) {
          const next = await http('POST', `/api/counters/${counterId}/next`, cookie);
          expect(next.status).toBe(200);
          const id = (next.body.ticket as { id: string }).id;
          if (calledBy.has(id)) clash.push(id);
          calledBy.set(id, counterId);
          expect((await http('POST', `/api/counters/${counterId}/start`, cookie)).status).toBe(200);
          expect((await http('POST', `/api/counters/${counterId}/finish`, cookie)).status).toBe(200);
        }
      }),
    );
    expect(clash).toEqual([]);
    expect(calledBy.size).toBe(200);
    const twice = await t.db.all(
      "SELECT ticket_id FROM ticket_events WHERE type = 'called' GROUP BY ticket_id HAVING count(*) > 1",
    );
    expect(twice).toEqual([]);
    const rows = await t.db.value("SELECT count(*) FROM tickets WHERE state = 'finished'");
    expect(rows).toBe(200);
  });
});
