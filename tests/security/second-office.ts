import { pairingCodeOf, type TestApp } from '@numerek/server/testing';
import { SESSION_COOKIE } from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';

/** Who in the second office a request comes from. */
export type OfficeWho = 'admin' | 'supervisor' | 'clerk' | 'kiosk' | 'display';

/**
 * A second office beside the test app's sample office, set up as a city would: the central
 * administrator creates it and its first administrator, who chooses a password and furnishes it
 * (categories, a priority group, counters, a supervisor and a clerk, a printer, a kiosk and a
 * display); its kiosk issues two tickets and its clerk calls the first.
 */
export interface SecondOffice {
  officeId: string;
  name: string;
  /** Every id of the office's own things. */
  ids: {
    categoryA: string;
    categoryB: string;
    priorityGroup: string;
    counter1: string;
    counter2: string;
    admin: string;
    supervisor: string;
    clerk: string;
    kiosk: string;
    display: string;
    printer: string;
    /** Called at counter 1 by the office's clerk. */
    calledTicket: string;
    waitingTicket: string;
  };
  usernames: { admin: string; supervisor: string; clerk: string };
  request(who: OfficeWho, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  headers(who: OfficeWho): Record<string, string>;
}

const ok = (res: LightMyRequestResponse, what: string, status = 200): LightMyRequestResponse => {
  if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
};

export async function addSecondOffice(t: TestApp, name: string, slug: string): Promise<SecondOffice> {
  const inject = (headers: Record<string, string>, method: string, url: string, body?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const signIn = async (username: string, given: string): Promise<string> => {
    const res = ok(
      await inject({}, 'POST', '/api/auth/login', { username, password: given }),
      `sign in ${username}`,
    );
    const cookie = `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? ''}`;
    ok(
      await inject({ cookie }, 'POST', '/api/auth/password', {
        currentPassword: given,
        newPassword: `chosen-${given}`,
      }),
      `choose a password for ${username}`,
    );
    return cookie;
  };

  const office = ok(
    await t.request('central', 'POST', '/api/admin/offices', { name, timeZone: 'Europe/Warsaw' }),
    'create the office',
    201,
  ).json<{ id: string }>();
  const usernames = { admin: `${slug}.admin`, supervisor: `${slug}.kierownik`, clerk: `${slug}.urzednik` };
  const admin = ok(
    await t.request('central', 'POST', `/api/admin/offices/${office.id}/admins`, {
      username: usernames.admin,
      password: 'given-admin-password',
    }),
    'create its administrator',
    201,
  ).json<{ id: string }>();
  const cookies: Partial<Record<OfficeWho, string>> = {};
  cookies.admin = await signIn(usernames.admin, 'given-admin-password');
  const as = (who: OfficeWho, method: string, url: string, body?: unknown) =>
    inject(headers(who), method, url, body);
  const tokens: Partial<Record<'kiosk' | 'display', string>> = {};
  const headers = (who: OfficeWho): Record<string, string> =>
    who === 'kiosk' || who === 'display'
      ? { authorization: `Bearer ${tokens[who] ?? ''}` }
      : { cookie: cookies[who] ?? '' };

  const created = async (what: string, url: string, body: unknown) =>
    ok(await as('admin', 'POST', url, body), what, 201).json<{ id: string; pairingUrl?: string }>();
  const categoryA = await created('category A', '/api/admin/categories', {
    prefix: 'A',
    names: { pl: `${name}: sprawy A` },
  });
  const categoryB = await created('category B', '/api/admin/categories', {
    prefix: 'B',
    names: { pl: `${name}: sprawy B` },
  });
  const group = await created('priority group', '/api/admin/priority-groups', {
    names: { pl: `${name}: pierwszeństwo` },
  });
  const counter1 = await created('counter 1', '/api/admin/counters', {
    name: `${name}: okienko 1`,
    categoryIds: [categoryA.id, categoryB.id],
  });
  const counter2 = await created('counter 2', '/api/admin/counters', {
    name: `${name}: okienko 2`,
    categoryIds: [categoryA.id],
  });
  const supervisor = await created('supervisor', '/api/admin/users', {
    username: usernames.supervisor,
    password: 'given-supervisor-password',
    role: 'supervisor',
  });
  const clerk = await created('clerk', '/api/admin/users', {
    username: usernames.clerk,
    password: 'given-clerk-password',
    role: 'clerk',
  });
  cookies.supervisor = await signIn(usernames.supervisor, 'given-supervisor-password');
  cookies.clerk = await signIn(usernames.clerk, 'given-clerk-password');
  const printer = await created('printer', '/api/admin/printers', {
    name: `${name}: drukarka`,
    connection: 'virtual',
    codePage: 'cp852',
    paperWidth: 80,
  });
  const devices: Record<'kiosk' | 'display', string> = { kiosk: '', display: '' };
  for (const kind of ['kiosk', 'display'] as const) {
    const device = await created(kind, '/api/admin/devices', { kind, name: `${name}: ${kind}` });
    devices[kind] = device.id;
    const paired = ok(
      await inject({}, 'POST', '/api/devices/pair', { code: pairingCodeOf(device.pairingUrl ?? '') }),
      `pair the ${kind}`,
    );
    tokens[kind] = paired.json<{ token: string }>().token;
  }
  const issue = async () =>
    ok(await as('kiosk', 'POST', '/api/tickets', { categoryId: categoryA.id }), 'issue', 201).json<{
      id: string;
    }>();
  const first = await issue();
  const second = await issue();
  ok(await as('clerk', 'POST', `/api/counters/${counter1.id}/open`, {}), 'open counter 1');
  const called = ok(await as('clerk', 'POST', `/api/counters/${counter1.id}/next`, {}), 'call next').json<{
    ticket: { id: string } | null;
  }>();
  if (called.ticket?.id !== first.id) throw new Error('the second office called another ticket first');

  return {
    officeId: office.id,
    name,
    ids: {
      categoryA: categoryA.id,
      categoryB: categoryB.id,
      priorityGroup: group.id,
      counter1: counter1.id,
      counter2: counter2.id,
      admin: admin.id,
      supervisor: supervisor.id,
      clerk: clerk.id,
      kiosk: devices.kiosk,
      display: devices.display,
      printer: printer.id,
      calledTicket: first.id,
      waitingTicket: second.id,
    },
    usernames,
    request: as,
    headers,
  };
}

/**
 * Every row of every table, sorted: two equal snapshots mean nothing was written. Sessions are
 * left out when `withSessions` is false, since signing in writes one by design; so is when each
 * device was last seen, since a device whose token works is seen whatever it asks.
 */
export async function everyRow(t: TestApp, opts: { withSessions?: boolean } = {}): Promise<string> {
  const tables = await t.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    if (opts.withSessions === false && name === 'sessions') continue;
    const rows = (await t.db.all<Record<string, unknown>>(`SELECT * FROM "${name}"`)).map((r) =>
      name === 'devices' ? { ...r, last_seen_at: null } : r,
    );
    parts.push(
      `${name}\n${rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join('\n')}`,
    );
  }
  return parts.join('\n\n');
}
