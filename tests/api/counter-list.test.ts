import { atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import {
  COUNTER_LIST_LIMIT,
  type CounterActionResult,
  type CounterDetail,
  type CounterWaitingCount,
} from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankWaiting, type WaitingTicket } from '../../server/src/modules/queue/queue-policy.ts';

/**
 * The clerk's panel with a queue longer than its list: the list holds the first tickets the
 * counter would call, in the policy's order over the whole queue (priority clients who came last
 * included), and the counts per category cover every ticket the counter may call, on SQLite and
 * on PostgreSQL.
 */
let t: TestApp;
const MIN = 60_000;
const counter = () => t.counter[1] ?? '';

async function issue(prefix: string, priority = false): Promise<string> {
  const res = await t.request('kiosk', 'POST', '/api/tickets', {
    categoryId: t.category[prefix],
    ...(priority ? { priorityGroupId: t.priorityGroupId } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

beforeAll(async () => {
  t = await createTestApp({ now: atOfficeTime(MONDAY, '08:00') });
  // A client of R, transferred by counter 3 to counter 1, which does not serve R.
  await issue('R');
  const third = t.counter[3] ?? '';
  expect((await t.request('clerk2', 'POST', `/api/counters/${third}/open`)).statusCode).toBe(200);
  expect((await t.request('clerk2', 'POST', `/api/counters/${third}/next`)).statusCode).toBe(200);
  const moved = await t.request('clerk2', 'POST', `/api/counters/${third}/transfer`, {
    counterId: counter(),
  });
  expect(moved.statusCode, moved.body).toBe(200);
  // More of M than the list holds (M has no maximum wait), then priority clients of M, the last
  // to come, and two of A.
  for (let i = 0; i < COUNTER_LIST_LIMIT + 20; i++) {
    await issue('M');
    t.clock.advance(20_000);
  }
  for (let i = 0; i < 3; i++) {
    await issue('M', true);
    t.clock.advance(MIN);
  }
  await issue('A');
  await issue('A');
  t.clock.advance(10 * MIN);
  expect((await t.request('clerk', 'POST', `/api/counters/${counter()}/open`)).statusCode).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

/** Every waiting ticket of the office, as the policy sees it. */
async function wholeQueue(): Promise<WaitingTicket[]> {
  const rows = await t.db.all<{
    id: string;
    code: string;
    category_id: string;
    priority_weight: number | string;
    queued_at: number | string;
    target_counter_id: string | null;
    booked: number | string;
  }>(
    `SELECT id, code, category_id, priority_weight, queued_at, target_counter_id, booked
       FROM tickets WHERE state = 'waiting'`,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    categoryId: r.category_id,
    weight: Number(r.priority_weight),
    queuedAt: Number(r.queued_at),
    targetCounterId: r.target_counter_id,
    ...(Number(r.booked) === 1 ? { booked: true } : {}),
  }));
}

/** The codes the policy would call at counter 1, one after another, over the whole queue. */
async function policyOrder(): Promise<string[]> {
  const found = await t.db.get<{ consecutive_priority_calls: number | string }>(
    'SELECT consecutive_priority_calls FROM counters WHERE id = ?',
    [counter()],
  );
  const ranked = rankWaiting(
    await wholeQueue(),
    {
      id: counter(),
      categoryIds: [t.category.A ?? '', t.category.M ?? ''],
      consecutivePriorityCalls: Number(found?.consecutive_priority_calls),
    },
    await t.app.services.queue.policySettings(t.officeId),
    t.clock.now(),
  );
  return ranked.map((w) => w.code);
}

/**
 * Per category counter 1 may call from, what the database holds: those it serves, in its order,
 * then R while a ticket of R is transferred to it.
 */
async function storedCounts(served: readonly string[]): Promise<CounterWaitingCount[]> {
  const queue = await wholeQueue();
  const now = t.clock.now();
  const countOf = (categoryId: string): CounterWaitingCount => {
    const mine = queue.filter(
      (w) =>
        w.categoryId === categoryId &&
        (w.targetCounterId === null ? served.includes(categoryId) : w.targetCounterId === counter()),
    );
    const oldest = Math.min(...mine.map((w) => w.queuedAt));
    return {
      categoryId,
      waiting: mine.length,
      longestWaitMinutes: mine.length ? Math.round(((now - oldest) / MIN) * 10) / 10 : null,
    };
  };
  const transferred = countOf(t.category.R ?? '');
  return [...served.map(countOf), ...(transferred.waiting > 0 ? [transferred] : [])];
}

async function expectHonest(detail: CounterDetail): Promise<void> {
  const order = await policyOrder();
  expect(order.length).toBeGreaterThan(COUNTER_LIST_LIMIT);
  expect(detail.waiting.map((w) => w.code)).toEqual(order.slice(0, COUNTER_LIST_LIMIT));
  // The priority clients came last of M, and still are listed where the policy puts them.
  const listed = detail.waiting.filter((w) => w.priority).map((w) => w.code);
  expect(listed).toHaveLength(3);
  expect([...detail.counter.servingCategoryIds].sort()).toEqual([t.category.A, t.category.M].sort());
  expect(detail.waitingCounts).toEqual(await storedCounts(detail.counter.servingCategoryIds));
  expect(detail.waitingCounts.reduce((n, c) => n + c.waiting, 0)).toBe(order.length);
}

describe('the clerk’s list with a long queue', () => {
  it('lists the first the counter would call and counts them all', async () => {
    const res = await t.request('clerk', 'GET', `/api/counters/${counter()}`);
    expect(res.statusCode, res.body).toBe(200);
    await expectHonest(res.json<CounterDetail>());
  });

  it('answers a call with the list and counts as they are after it', async () => {
    const before = await policyOrder();
    const res = await t.request('clerk', 'POST', `/api/counters/${counter()}/next`);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<CounterActionResult>();
    expect(answer.ticket?.code).toBe(before[0]);
    await expectHonest(answer.detail);
    expect(answer.detail.waiting.map((w) => w.code)).not.toContain(before[0]);
  });
});
