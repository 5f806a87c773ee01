import { createTestApp, MONDAY, tableNames, type TestApp } from '@numerek/server/testing';
import type { PriorityGroup } from '@numerek/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen, once } from '../realtime/support.ts';

/**
 * Which priority group a client declared is health data (GDPR art. 9). Nothing stored, sent,
 * shown or logged may tell it: an office has one priority weight for every group, so even an
 * office that wants to tell its groups apart by weight cannot.
 */
describe('the declared priority group cannot be told from anything the server keeps or sends', () => {
  let t: TestApp;
  let base: string;
  const logs: string[] = [];
  const received: string[] = [];
  const answers: string[] = [];
  const sockets: Socket[] = [];
  let groups: PriorityGroup[] = [];
  /** One priority ticket per group, in the groups' order. */
  const tickets: { id: string; code: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: { LOG_LEVEL: 'trace' },
      logStream: { write: (line) => void logs.push(line) },
    });
    base = await listen(t.app);
    const record = (what: unknown) => answers.push(JSON.stringify(what));

    // An office that would like its groups weighed differently: one weight is all it can set.
    for (const [i, weight] of [4.01, 4.02, 4.03, 4.04].entries()) {
      const res = await t.request('supervisor', 'POST', '/api/admin/priority-groups', {
        names: { pl: `Grupa testowa ${i}` },
        weight,
      });
      expect(res.statusCode).toBe(400);
      const created = await t.request('supervisor', 'POST', '/api/admin/priority-groups', {
        names: { pl: `Grupa testowa ${i}`, en: `Test group ${i}`, uk: `Тестова група ${i}` },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).not.toHaveProperty('weight');
    }
    const settings = await t.request('supervisor', 'PATCH', '/api/admin/settings', { priorityWeight: 4.04 });
    expect(settings.statusCode).toBe(200);
    groups = (await t.request('supervisor', 'GET', '/api/admin/priority-groups')).json() as PriorityGroup[];

    // Every screen listening: a hall display, the console, and a clerk's panel.
    const display = connect(base, '/display', {
      auth: { token: t.headers('display').authorization?.slice(7) },
    });
    const consoleSocket = connect(base, '/console', { cookie: t.headers('supervisor').cookie });
    const panel = connect(base, '/counter', { cookie: t.headers('clerk').cookie });
    sockets.push(display, consoleSocket, panel);
    for (const s of sockets)
      s.onAny((event: string, payload: unknown) => received.push(event + JSON.stringify(payload)));
    await Promise.all([
      once(display, 'queue:snapshot'),
      once(consoleSocket, 'connect'),
      once(panel, 'connect'),
    ]);
    await panel.emitWithAck('counter:subscribe', { counterId: t.counter[1] ?? '' });

    for (const g of groups) {
      const res = await t.request('kiosk', 'POST', '/api/tickets', {
        categoryId: t.category.A,
        priorityGroupId: g.id,
      });
      expect(res.statusCode).toBe(201);
      record(res.json());
      tickets.push(res.json() as { id: string; code: string });
      t.clock.advance(60_000);
    }
    record((await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).json());
    const counter = `/api/counters/${t.counter[1]}`;
    record((await t.request('clerk', 'POST', `${counter}/open`)).json());
    for (let i = 0; i < tickets.length; i++) {
      for (const step of ['next', 'start', 'finish']) {
        const res = await t.request('clerk', 'POST', `${counter}/${step}`);
        expect(res.statusCode, res.body).toBe(200);
        record(res.json());
      }
    }
    for (const ticket of tickets) {
      record((await t.request('anonymous', 'GET', `/api/tickets/${ticket.id}`)).json());
      record((await t.request('supervisor', 'GET', `/api/admin/tickets/${ticket.id}`)).json());
    }
    record((await t.request('supervisor', 'GET', `/api/reports/daily?date=${MONDAY}&format=json`)).json());
    await new Promise((r) => setTimeout(r, 200));
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  /** What would give a group away: its id and its names. */
  const tells = () => groups.flatMap((g) => [g.id, g.names.pl, g.names.en ?? '', g.names.uk ?? '']);

  it('stores every priority ticket alike, whichever group was declared', async () => {
    const rows: Array<Record<string, unknown>> = [];
    for (const x of tickets)
      rows.push((await t.db.get('SELECT * FROM tickets WHERE id = ?', [x.id])) as Record<string, unknown>);
    // The same weight, the office's, for every group.
    expect(new Set(rows.map((r) => r.priority_weight))).toEqual(new Set([4.04]));
    const facts = (r: Record<string, unknown>) => {
      const { id: _id, code: _code, number: _number, ...rest } = r;
      return Object.fromEntries(
        Object.entries(rest).filter(([k]) => !k.endsWith('_at') && !k.startsWith('estimate')),
      );
    };
    // A call's decision names the ticket's code, wait and score, and its class only by the weight.
    for (const r of rows) {
      const decision = JSON.parse(String(r.call_decision)) as { ticket: { weight: number } };
      expect(decision.ticket.weight).toBe(4.04);
    }
    const alike = rows.map((r) => ({ ...facts(r), call_reason: null, call_decision: null }));
    for (const r of alike) expect(r).toEqual(alike[0]);
    // No table but the groups' own (and the audit of their configuration) names a group; the
    // outbox only in the facts that a group was configured, which other nodes hear.
    const tables = (await tableNames(t.db)).filter(
      (name) => !['priority_groups', 'audit_log'].includes(name),
    );
    const configured = (row: Record<string, unknown>) =>
      row.name === 'config.changed' &&
      (JSON.parse(String(row.payload)) as { entity: string }).entity === 'priority_group';
    for (const table of tables) {
      const rows = await t.db.all<Record<string, unknown>>(`SELECT * FROM "${table}"`);
      const dump = JSON.stringify(table === 'outbox' ? rows.filter((r) => !configured(r)) : rows);
      for (const tell of tells()) expect(dump.includes(tell), `${table} holds ${tell}`).toBe(false);
    }
  });

  it('sends no group in any answer, to any socket, or to the log', () => {
    expect(answers.length).toBeGreaterThan(10);
    expect(received.length).toBeGreaterThan(10);
    expect(logs.length).toBeGreaterThan(10);
    for (const [channel, lines] of [
      ['answers', answers],
      ['sockets', received],
      ['log', logs],
    ] as const) {
      const all = lines.join('\n');
      // A failure names the line that gives the group away.
      const lineWith = (text: string) => lines.find((l) => l.includes(text))?.slice(0, 2000);
      for (const tell of tells())
        expect(all.includes(tell), `${channel} holds ${tell}: ${lineWith(tell)}`).toBe(false);
      // Every weight sent is the office's one weight (or a regular 1).
      for (const m of all.matchAll(/"weight":([0-9.]+)/g))
        expect(['1', '4.04'], `${channel}: ${lineWith(m[0])}`).toContain(m[1]);
    }
  });
});
