import { FakePrinter, type TicketPrinter } from '@numerek/hardware';
import { createTestApp, type TestApp, type Who } from '@numerek/server/testing';
import {
  CounterActionResult,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  type DisplayCall,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type TicketPrint,
} from '@numerek/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { Value } from 'typebox/value';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, listen, once, rebuildOver } from '../realtime/support.ts';

/**
 * Idempotency keys over real HTTP: a kiosk or a clerk retrying after a timeout gets the first
 * answer again, and nothing happens twice (ticket, number, print, call, broadcast).
 */

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;

interface Sent {
  status: number;
  replayed: string | null;
  body: Record<string, unknown>;
}

let t: TestApp;
let base: string;
let fake: FakePrinter;
const sockets: Socket[] = [];

async function send(
  who: Who,
  path: string,
  key: string | null,
  body?: unknown,
  to: string = base,
): Promise<Sent> {
  const res = await fetch(`${to}${path}`, {
    method: 'POST',
    headers: {
      ...t.headers(who),
      ...(key === null ? {} : { [IDEMPOTENCY_KEY_HEADER]: key }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return {
    status: res.status,
    replayed: res.headers.get(IDEMPOTENT_REPLAYED_HEADER),
    body: (await res.json()) as Record<string, unknown>,
  };
}

const count = async (sql: string, ...params: unknown[]) => Number(await t.db.value(sql, params));
const ticketsIssued = () => count('SELECT count(*) FROM tickets');
const settle = () => new Promise((r) => setTimeout(r, 300));
const counterPath = (n: number, action: string) => `/api/counters/${t.counter[n] ?? ''}/${action}`;

/** A hall display over a real socket: every call it hears. */
async function hallDisplay(): Promise<DisplayCall[]> {
  const display = connect<DisplayClient>(base, '/display');
  sockets.push(display);
  await once(display, 'queue:snapshot');
  const calls: DisplayCall[] = [];
  display.on('ticket:called', (c) => calls.push(c));
  return calls;
}

beforeEach(async () => {
  t = await createTestApp();
  base = await listen(t.app);
  // The kiosk prints on a fake Epson printer over TCP, as in tests/printing/kiosk-printing.test.ts.
  fake = await FakePrinter.start('ok');
  const printer = await t.request('admin', 'POST', '/api/admin/printers', {
    name: 'Drukarka w holu',
    connection: fake.connection,
    codePage: 'cp852',
    paperWidth: 80,
    maxJobAgeSeconds: 5,
  });
  expect(printer.statusCode).toBe(201);
  const kiosk = (await t.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
  const paired = await t.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
    printerId: printer.json<{ id: string }>().id,
  });
  expect(paired.statusCode).toBe(200);
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t.close();
  await fake.close();
});

describe('issuing a ticket with an Idempotency-Key', () => {
  it('a retried issue gives one ticket, one number and one printed job', async () => {
    let issuedEvents = 0;
    t.app.services.bus.subscribe('ticket.issued', () => issuedEvents++);
    const key = 'kiosk-press-0001';
    const first = await send('kiosk', '/api/tickets', key, { categoryId: t.category.A });
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    expect(first.body).toMatchObject({ code: 'A001', print: { state: 'printed', reason: null } });
    await expect.poll(() => fake.jobs.length).toBe(1);

    const retry = await send('kiosk', '/api/tickets', key, { categoryId: t.category.A });
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe('true');
    expect(retry.body).toEqual(first.body);
    await settle();
    expect(fake.jobs).toHaveLength(1);
    expect(await ticketsIssued()).toBe(1);
    expect(issuedEvents).toBe(1);

    // The replay used no number: the next press gets the next one.
    const next = await send('kiosk', '/api/tickets', 'kiosk-press-0002', { categoryId: t.category.A });
    expect(next.body).toMatchObject({ code: 'A002' });
  });

  it('a replay tells the print outcome as it was and never prints again, even once the printer is fixed', async () => {
    fake.setState('paper_out');
    const key = 'kiosk-press-paper';
    const first = await send('kiosk', '/api/tickets', key, { categoryId: t.category.M });
    expect(first.body).toMatchObject({ code: 'M001', print: { state: 'failed', reason: 'paper_out' } });
    fake.setState('ok');
    const retry = await send('kiosk', '/api/tickets', key, { categoryId: t.category.M });
    expect(retry.replayed).toBe('true');
    expect(retry.body).toEqual(first.body);
    await settle();
    expect(fake.jobs).toHaveLength(0);
    expect(await ticketsIssued()).toBe(1);
  });

  it('a retry while the print is pending tells the outcome as it became, and nothing prints when the printer answers again', async () => {
    fake.setState('silent');
    const key = 'kiosk-press-silent';
    const first = await send('kiosk', '/api/tickets', key, { categoryId: t.category.A });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ code: 'A001', print: { state: 'pending', reason: null } });
    // Retried before the printer gave up: still pending, the same ticket.
    const early = await send('kiosk', '/api/tickets', key, { categoryId: t.category.A });
    expect(early.replayed).toBe('true');
    expect(early.body).toEqual(first.body);
    // The kiosk asks until the outcome is known (the printer's 5 s max age).
    let outcome: TicketPrint = { state: 'pending', reason: null };
    while (outcome.state === 'pending') {
      const asked = await t.request('kiosk', 'GET', `/api/tickets/${String(first.body.id)}/print`);
      expect(asked.statusCode).toBe(200);
      outcome = asked.json<TicketPrint>();
    }
    expect(outcome).toEqual({ state: 'failed', reason: 'no_answer' });
    const late = await send('kiosk', '/api/tickets', key, { categoryId: t.category.A });
    expect(late.replayed).toBe('true');
    expect(late.body).toEqual({ ...first.body, print: outcome });
    fake.setState('ok');
    const again = await send('kiosk', '/api/tickets', key, { categoryId: t.category.A });
    expect(again.body).toEqual(late.body);
    await settle();
    expect(fake.jobs).toHaveLength(0);
    expect(await ticketsIssued()).toBe(1);
  });

  it('a print still pending when the server stopped is told as not printed after the restart, and never printed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-idem-print-'));
    const file = path.join(dir, 'numerek.db');
    // A printer that takes the job and never answers, not even when closed: as if the process died.
    const hanging: TicketPrinter = {
      print: () => new Promise<void>(() => undefined),
      status: async () => 'ok',
    };
    const first = await createTestApp({ file, printerFactory: () => hanging });
    let second: Awaited<ReturnType<typeof rebuildOver>> | null = null;
    try {
      const printer = await first.request('admin', 'POST', '/api/admin/printers', {
        name: 'Drukarka w holu',
        connection: fake.connection,
        codePage: 'cp852',
        paperWidth: 80,
      });
      const kiosk = (await first.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
      await first.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
        printerId: printer.json<{ id: string }>().id,
      });
      const headers = { ...first.headers('kiosk'), [IDEMPOTENCY_KEY_HEADER]: 'issue-print-restart' };
      const before = await first.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers,
        payload: { categoryId: first.category.A },
      });
      expect(before.statusCode).toBe(201);
      expect(before.json<{ print: TicketPrint }>().print).toEqual({ state: 'pending', reason: null });
      await first.app.close();
      await first.db.close();

      second = await rebuildOver(first, file);
      const retry = await second.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers,
        payload: { categoryId: first.category.A },
      });
      expect(retry.statusCode).toBe(201);
      expect(retry.headers[IDEMPOTENT_REPLAYED_HEADER]).toBe('true');
      expect(retry.json()).toEqual({ ...before.json<object>(), print: { state: 'failed', reason: 'error' } });
      const asked = await second.app.inject({
        method: 'GET',
        url: `/api/tickets/${before.json<{ id: string }>().id}/print`,
        headers: first.headers('kiosk'),
      });
      expect(asked.json()).toEqual({ state: 'failed', reason: 'error' });
      await settle();
      expect(fake.jobs).toHaveLength(0);
      expect(await second.db.value('SELECT count(*) FROM tickets')).toBe(1);
    } finally {
      if (second) {
        await second.app.close();
        await second.db.close();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('only the kiosk that issued a ticket may ask whether it printed', async () => {
    const issued = await send('kiosk', '/api/tickets', 'kiosk-press-owner', { categoryId: t.category.A });
    const byClerk = await send('clerk', '/api/tickets', 'clerk-issue-owner', { categoryId: t.category.A });
    expect(byClerk.body.print).toEqual({ state: 'none', reason: null });
    const own = await t.request('kiosk', 'GET', `/api/tickets/${String(issued.body.id)}/print`);
    expect([own.statusCode, own.json()]).toEqual([200, { state: 'printed', reason: null }]);
    const notOwn = await t.request('kiosk', 'GET', `/api/tickets/${String(byClerk.body.id)}/print`);
    expect(notOwn.statusCode).toBe(404);
    const unknown = await t.request('kiosk', 'GET', '/api/tickets/no-such-ticket/print');
    expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    for (const who of ['anonymous', 'display', 'clerk'] as const) {
      const res = await t.request(who, 'GET', `/api/tickets/${String(issued.body.id)}/print`);
      expect(res.statusCode, who).toBe(who === 'anonymous' ? 401 : 403);
    }
  });

  it('a retry racing the first attempt (sent at the same time) still issues and prints once', async () => {
    const key = 'kiosk-press-race';
    const all = await Promise.all(
      Array.from({ length: 4 }, () => send('kiosk', '/api/tickets', key, { categoryId: t.category.A })),
    );
    expect(all.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(all.map((r) => r.body.id)).size).toBe(1);
    expect(all.filter((r) => r.replayed === null)).toHaveLength(1);
    await settle();
    expect(await ticketsIssued()).toBe(1);
    expect(fake.jobs).toHaveLength(1);
  });

  it('keeps no trace of which priority group a client declared, not even in the body’s hash', async () => {
    const groups = (await t.request('kiosk', 'GET', '/api/priority-groups')).json<Array<{ id: string }>>();
    const [first, second] = groups;
    if (!first || !second) throw new Error('the sample office has fewer than two priority groups');
    const a = await send('kiosk', '/api/tickets', 'priority-one', {
      categoryId: t.category.A,
      priorityGroupId: first.id,
    });
    const b = await send('kiosk', '/api/tickets', 'priority-two', {
      categoryId: t.category.A,
      priorityGroupId: second.id,
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    const rows = (await t.db.all('SELECT * FROM idempotency_keys ORDER BY key')) as Array<{
      body_hash: string;
    }>;
    expect(rows).toHaveLength(2);
    const stored = JSON.stringify(rows);
    for (const g of groups) expect(stored).not.toContain(g.id);
    // Two groups, one stored fingerprint: the hash cannot tell them apart, so it cannot be guessed back.
    expect(rows[0]?.body_hash).toBe(rows[1]?.body_hash);
    // What is kept still tells a priority request from a regular one under the same key.
    const regular = await send('kiosk', '/api/tickets', 'priority-one', { categoryId: t.category.A });
    expect(regular.status).toBe(422);
    expect(await ticketsIssued()).toBe(2);
  });
});

describe('counter actions with an Idempotency-Key', () => {
  beforeEach(async () => {
    expect((await send('clerk', counterPath(1, 'open'), 'open-counter-1', {})).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect((await send('clerk', '/api/tickets', null, { categoryId: t.category.A })).status).toBe(201);
    }
  });

  it('a retried next calls one client', async () => {
    const calls = await hallDisplay();
    const key = 'clerk-next-0001';
    const first = await send('clerk', counterPath(1, 'next'), key);
    expect(first.status).toBe(200);
    expect(first.body.ticket).toMatchObject({ code: 'A001', state: 'called' });
    const retry = await send('clerk', counterPath(1, 'next'), key);
    expect(retry.status).toBe(200);
    expect(retry.replayed).toBe('true');
    expect(retry.body).toEqual(first.body);
    await settle();
    expect(calls.map((c) => c.code)).toEqual(['A001']);
    expect(await count("SELECT count(*) FROM tickets WHERE state = 'called'")).toBe(1);
    expect(await count("SELECT count(*) FROM ticket_events WHERE type = 'called'")).toBe(1);
    expect(await count("SELECT count(*) FROM tickets WHERE state = 'waiting'")).toBe(1);
  });

  it('a retried next racing its first attempt still calls one client', async () => {
    const calls = await hallDisplay();
    const all = await Promise.all(
      Array.from({ length: 3 }, () => send('clerk', counterPath(1, 'next'), 'clerk-next-race')),
    );
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(all.filter((r) => r.replayed === null)).toHaveLength(1);
    expect(new Set(all.map((r) => JSON.stringify(r.body))).size).toBe(1);
    await settle();
    expect(calls).toHaveLength(1);
    expect(await count("SELECT count(*) FROM tickets WHERE state = 'called'")).toBe(1);
  });

  it('an answer stored before calls carried their decision is repeated with the decision null', async () => {
    const key = 'clerk-next-before-0009';
    const first = await send('clerk', counterPath(1, 'next'), key);
    expect(first.status).toBe(200);
    expect(first.body.decision).toMatchObject({ rule: 'score' });
    // The answer as a server before migration 0009 stored it: no decision, none on the ticket.
    await t.db.run(
      t.db.engine === 'sqlite'
        ? "UPDATE idempotency_keys SET response = json_remove(response, '$.decision', '$.ticket.callDecision') WHERE key = ?"
        : "UPDATE idempotency_keys SET response = ((response::jsonb #- '{decision}') #- '{ticket,callDecision}')::text WHERE key = ?",
      [key],
    );
    const retry = await send('clerk', counterPath(1, 'next'), key);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.replayed).toBe('true');
    expect(retry.body).toMatchObject({ decision: null, ticket: { code: 'A001', callDecision: null } });
    expect(Value.Check(CounterActionResult, retry.body), 'the protocol’s shape').toBe(true);
    expect(await count("SELECT count(*) FROM tickets WHERE state = 'called'")).toBe(1);
  });

  it('a next with nobody to call changes and stores nothing: its retry calls the client who came since', async () => {
    for (const code of ['A001', 'A002']) {
      const called = await send('clerk', counterPath(1, 'next'), `clerk-next-${code}`);
      expect(called.body.ticket).toMatchObject({ code });
      expect((await send('clerk', counterPath(1, 'start'), `clerk-start-${code}`)).status).toBe(200);
      expect((await send('clerk', counterPath(1, 'finish'), `clerk-finish-${code}`)).status).toBe(200);
    }
    const keys = await count('SELECT count(*) FROM idempotency_keys');
    const key = 'clerk-next-empty';
    const empty = await send('clerk', counterPath(1, 'next'), key);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ ticket: null, decision: null, counter: { state: 'open' } });
    expect(Value.Check(CounterActionResult, empty.body), 'the protocol’s shape').toBe(true);
    expect(await count('SELECT count(*) FROM idempotency_keys'), 'no answer stored').toBe(keys);
    expect(await send('clerk', '/api/tickets', null, { categoryId: t.category.A })).toMatchObject({
      status: 201,
    });
    const retry = await send('clerk', counterPath(1, 'next'), key);
    expect(retry.status).toBe(200);
    expect(retry.replayed).toBeNull();
    expect(retry.body.ticket).toMatchObject({ code: 'A003', state: 'called' });
  });

  it('a next at a paused or busy counter is still refused with nobody waiting', async () => {
    for (const code of ['A001', 'A002']) {
      await send('clerk', counterPath(1, 'next'), `clerk-next-${code}`);
      await send('clerk', counterPath(1, 'start'), `clerk-start-${code}`);
      if (code === 'A001') await send('clerk', counterPath(1, 'finish'), `clerk-finish-${code}`);
    }
    const busy = await send('clerk', counterPath(1, 'next'), 'clerk-next-busy');
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ error: { code: 'COUNTER_BUSY' } });
    await send('clerk', counterPath(1, 'finish'), 'clerk-finish-A002b');
    expect((await send('clerk', counterPath(1, 'pause'), 'clerk-pause', { reason: 'break' })).status).toBe(
      200,
    );
    const paused = await send('clerk', counterPath(1, 'next'), 'clerk-next-paused');
    expect(paused.status).toBe(409);
    expect(paused.body).toMatchObject({ error: { code: 'COUNTER_PAUSED' } });
  });

  it('a failed action stores nothing: its retry acts once the rule allows it', async () => {
    const key = 'clerk-finish-early';
    const early = await send('clerk', counterPath(1, 'finish'), key);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: 'NO_CURRENT_TICKET' } });
    // Another press calls a client and starts the service; the retried finish now applies.
    await send('clerk', counterPath(1, 'next'), 'clerk-next-0002');
    await send('clerk', counterPath(1, 'start'), 'clerk-start-0002');
    const retry = await send('clerk', counterPath(1, 'finish'), key);
    expect(retry.status).toBe(200);
    expect(retry.replayed).toBeNull();
    expect(retry.body.ticket).toMatchObject({ code: 'A001', state: 'finished' });
  });
});

describe('a key belongs to one request of one sender', () => {
  it('the same key with another body or on another route is a 422 and changes nothing', async () => {
    const key = 'kiosk-press-reuse';
    expect((await send('kiosk', '/api/tickets', key, { categoryId: t.category.A })).status).toBe(201);
    const otherBody = await send('kiosk', '/api/tickets', key, { categoryId: t.category.M });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await ticketsIssued()).toBe(1);

    await send('clerk', counterPath(1, 'open'), 'clerk-key-reuse', {});
    const otherRoute = await send('clerk', counterPath(1, 'pause'), 'clerk-key-reuse', { reason: 'break' });
    expect(otherRoute.status).toBe(422);
    expect(otherRoute.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const counter = (await t.app.services.counters.list(t.officeId)).find((c) => c.id === t.counter[1]);
    expect(counter?.state).toBe('open');
  });

  it('a key from one counter or clerk does not replay for another', async () => {
    const key = 'same-key-everyone';
    const mine = await send('clerk', counterPath(1, 'open'), key, {});
    const theirs = await send('clerk2', counterPath(2, 'open'), key, {});
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(theirs.replayed).toBeNull();
    expect(theirs.body.counter).toMatchObject({ id: t.counter[2], state: 'open' });
    // The same clerk's key at another counter is another request, not a retry.
    const elsewhere = await send('clerk', counterPath(3, 'open'), key, {});
    expect(elsewhere.status).toBe(422);
    // A kiosk and a clerk issuing with the same key each get their own ticket.
    const kiosk = await send('kiosk', '/api/tickets', key, { categoryId: t.category.A });
    const clerk = await send('clerk', '/api/tickets', 'same-key-issuing', { categoryId: t.category.A });
    const clerk2 = await send('clerk2', '/api/tickets', 'same-key-issuing', { categoryId: t.category.A });
    expect([kiosk, clerk, clerk2].map((r) => [r.status, r.replayed])).toEqual([
      [201, null],
      [201, null],
      [201, null],
    ]);
    expect(await ticketsIssued()).toBe(3);
  });

  it('a malformed key is a 400 that names the header, and nothing is issued', async () => {
    for (const bad of ['short', 'has spaces in it', 'x'.repeat(129), 'tab\tin-the-key']) {
      const res = await send('kiosk', '/api/tickets', bad, { categoryId: t.category.A });
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: 'VALIDATION_FAILED', params: { field: 'idempotency-key' } },
      });
    }
    const counterAction = await send('clerk', counterPath(1, 'open'), 'short', {});
    expect(counterAction.status).toBe(400);
    expect(await ticketsIssued()).toBe(0);
  });

  it('the OpenAPI document describes the header on issuing and on every counter action', async () => {
    const doc = (await t.request('anonymous', 'GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
    }>();
    const actions = Object.keys(doc.paths).filter((p) => /^\/api\/counters\/\{id\}\/[a-z-]+$/.test(p));
    expect(actions.sort()).toEqual(
      ['call', 'close', 'finish', 'next', 'no-show', 'open', 'pause', 'recall', 'resume', 'start', 'transfer']
        .map((a) => `/api/counters/{id}/${a}`)
        .sort(),
    );
    for (const p of ['/api/tickets', ...actions]) {
      expect(doc.paths[p]?.post?.parameters, p).toContainEqual(
        expect.objectContaining({ in: 'header', name: IDEMPOTENCY_KEY_HEADER }),
      );
    }
  });
});

describe('idempotency keys across a restart', () => {
  it('a key survives a server restart on the same SQLite file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-idem-restart-'));
    const file = path.join(dir, 'numerek.db');
    const first = await createTestApp({ file });
    let second: Awaited<ReturnType<typeof rebuildOver>> | null = null;
    try {
      const before = await first.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: { ...first.headers('clerk'), [IDEMPOTENCY_KEY_HEADER]: 'issue-before-restart' },
        payload: { categoryId: first.category.A },
      });
      expect(before.statusCode).toBe(201);
      await first.app.close();
      await first.db.close();

      second = await rebuildOver(first, file);
      const url = await listen(second.app);
      const res = await fetch(`${url}/api/tickets`, {
        method: 'POST',
        headers: {
          ...first.headers('clerk'),
          [IDEMPOTENCY_KEY_HEADER]: 'issue-before-restart',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ categoryId: first.category.A }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get(IDEMPOTENT_REPLAYED_HEADER)).toBe('true');
      expect(await res.json()).toEqual(before.json());
      expect(await second.db.value('SELECT count(*) FROM tickets')).toBe(1);
    } finally {
      if (second) {
        await second.app.close();
        await second.db.close();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
