import type { CentralActor, UserActor } from '@numerek/server';
import { CENTRAL_USERNAME, createTestApp, pairingCodeOf, type TestApp } from '@numerek/server/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Runs in the `tests-pg` project: two offices on one PostgreSQL database, each with ten clerks
 * calling and five kiosks issuing at once over real HTTP connections. Every office's writes run
 * under its own advisory lock (decision 0018): numbers stay unique and gap-free per category and
 * day, no ticket is called twice, and neither office waits for the other.
 */
const CLERKS = 10;
const KIOSKS = 5;
const TICKETS_PER_KIOSK = 24;

interface Office {
  id: string;
  categories: string[];
  counters: string[];
  clerkCookies: string[];
  kioskTokens: string[];
}

let t: TestApp;
let base: string;
const offices: Office[] = [];

async function http(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** Signs in with a password set by an administrator and chooses one, as a new clerk must. */
async function clerkCookie(username: string, given: string): Promise<string> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: given }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const chosen = await http(
    'POST',
    '/api/auth/password',
    { cookie },
    { currentPassword: given, newPassword: `${given}-own` },
  );
  expect(chosen.status).toBe(200);
  return cookie;
}

async function pair(pairingUrl: string): Promise<string> {
  const res = await http('POST', '/api/devices/pair', {}, { code: pairingCodeOf(pairingUrl) });
  expect(res.status).toBe(200);
  return String(res.body.token);
}

/** An office with two categories, ten counters with their clerks, and five kiosks. */
async function buildOffice(admin: UserActor, name: string): Promise<Office> {
  const s = t.app.services;
  // The central administrator creates the second office.
  const central: CentralActor = {
    kind: 'central',
    id: t.userId.central,
    displayName: 'Administrator centralny',
    username: CENTRAL_USERNAME,
  };
  const officeId =
    name === 'sample'
      ? admin.officeId
      : (await s.offices.create(central, { name, timeZone: 'Europe/Warsaw' })).id;
  const here: UserActor = { ...admin, officeId };
  const categories = [
    (await s.categories.create(here, { prefix: 'X', names: { pl: 'Sprawy X' } })).id,
    (await s.categories.create(here, { prefix: 'Y', names: { pl: 'Sprawy Y' } })).id,
  ];
  const counters: string[] = [];
  const clerkCookies: string[] = [];
  for (let i = 0; i < CLERKS; i++) {
    counters.push(
      (await s.counters.create(here, { name: `Okienko ${i + 21}`, number: i + 21, categoryIds: categories }))
        .id,
    );
    const username = `${officeId.slice(0, 6).toLowerCase()}-clerk-${i}`.replace(/[^a-z0-9-]/g, 'x');
    await s.users.create(here, { username, password: 'given-password-123', role: 'clerk' });
    clerkCookies.push(await clerkCookie(username, 'given-password-123'));
  }
  const kioskTokens: string[] = [];
  for (let i = 0; i < KIOSKS; i++) {
    const device = await s.devices.create(here, { kind: 'kiosk', name: `Kiosk ${i + 1}` });
    kioskTokens.push(await pair(device.pairingUrl));
  }
  for (let i = 0; i < CLERKS; i++) {
    expect(
      (await http('POST', `/api/counters/${counters[i]}/open`, { cookie: clerkCookies[i] ?? '' })).status,
    ).toBe(200);
  }
  return { id: officeId, categories, counters, clerkCookies, kioskTokens };
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const admin: UserActor = {
    kind: 'user',
    id: t.userId.admin,
    officeId: t.officeId,
    role: 'admin',
    displayName: 'Administrator',
    username: 'admin',
  };
  offices.push(await buildOffice(admin, 'sample'));
  offices.push(await buildOffice(admin, 'Urząd Dzielnicy Mokotów'));
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('two offices on PostgreSQL, at full speed together', () => {
  it('20 clerks and 10 kiosks: numbers unique and gap-free, every ticket called at most once, both offices served', async () => {
    expect(t.db.engine).toBe('postgres');
    let issuing = true;
    const served = new Map<string, number>();
    const kiosk = async (office: Office, token: string, k: number) => {
      for (let i = 0; i < TICKETS_PER_KIOSK; i++) {
        const res = await http(
          'POST',
          '/api/tickets',
          { authorization: `Bearer ${token}` },
          {
            categoryId: office.categories[(i + k) % 2],
          },
        );
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
    };
    const clerk = async (office: Office, c: number) => {
      const counter = office.counters[c] ?? '';
      const cookie = { cookie: office.clerkCookies[c] ?? '' };
      for (;;) {
        const next = await http('POST', `/api/counters/${counter}/next`, cookie);
        expect(next.status, JSON.stringify(next.body)).toBeLessThan(500);
        const ticket = next.body.ticket as { id: string } | null | undefined;
        if (!ticket) {
          if (!issuing) return;
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        expect((await http('POST', `/api/counters/${counter}/start`, cookie)).status).toBe(200);
        expect((await http('POST', `/api/counters/${counter}/finish`, cookie)).status).toBe(200);
        served.set(office.id, (served.get(office.id) ?? 0) + 1);
      }
    };
    const clerks = offices.flatMap((o) => o.counters.map((_, c) => clerk(o, c)));
    await Promise.all(offices.flatMap((o) => o.kioskTokens.map((token, k) => kiosk(o, token, k))));
    issuing = false;
    await Promise.all(clerks);

    const perOffice = KIOSKS * TICKETS_PER_KIOSK;
    for (const office of offices) expect(served.get(office.id), office.id).toBe(perOffice);
    const series = await t.db.all<{ n: number; distinct_numbers: number; top: number }>(
      `SELECT count(*) AS n, count(DISTINCT number) AS distinct_numbers, max(number) AS top
         FROM tickets WHERE parent_ticket_id IS NULL AND category_id IN (${offices
           .flatMap((o) => o.categories)
           .map(() => '?')
           .join(', ')})
         GROUP BY category_id, service_day`,
      offices.flatMap((o) => o.categories),
    );
    expect(series).toHaveLength(4);
    for (const s of series) expect(s).toEqual({ n: s.top, distinct_numbers: s.top, top: s.top });
    expect(series.reduce((sum, s) => sum + s.n, 0)).toBe(2 * perOffice);
    const calledTwice = await t.db.all(
      "SELECT ticket_id FROM ticket_events WHERE type = 'called' GROUP BY ticket_id HAVING count(*) > 1",
    );
    expect(calledTwice).toEqual([]);
    const finished = await t.db.value<number>("SELECT count(*) FROM tickets WHERE state = 'finished'");
    expect(finished).toBe(2 * perOffice);
  }, 240_000);
});
