import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import { databaseSnapshot } from '../security/support.ts';

/**
 * The authorization table: every route of the app and who may call it. A caller outside the set
 * is refused before anything else happens (401 for nobody, 403 for a wrong role or device); a
 * caller inside it gets past the guard, which shows as any status but 401 and 403.
 */

type Caller = 'anonymous' | 'kiosk' | 'display' | 'clerk' | 'supervisor' | 'admin' | 'central';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const CALLERS: readonly Caller[] = [
  'anonymous',
  'kiosk',
  'display',
  'clerk',
  'supervisor',
  'admin',
  'central',
];

const ANYONE: readonly Caller[] = CALLERS;
const STAFF: readonly Caller[] = ['clerk', 'supervisor', 'admin'];
const ISSUERS: readonly Caller[] = ['kiosk', 'clerk', 'supervisor', 'admin'];
const SUPERVISORS: readonly Caller[] = ['supervisor', 'admin'];
const ADMINS: readonly Caller[] = ['admin'];
/** The central administrator: in no office, and none of an office's roles. */
const CENTRAL: readonly Caller[] = ['central'];
/** Whoever signed in, about their own account. */
const SIGNED_IN: readonly Caller[] = [...STAFF, 'central'];
/** An office's administrator (their office) and the central administrator (every office). */
const OFFICE_ADMINS: readonly Caller[] = ['admin', 'central'];

/** Well-formed but never issued: routes that take an id answer 404 past the guard. */
const UNKNOWN_ID = 'roles-unknown-id';

interface Call {
  url: string;
  body?: unknown;
}

interface RouteCase {
  method: Method;
  /** Fastify's path template, `:id` for the id. */
  path: string;
  allowed: readonly Caller[];
  /** Left out of the OpenAPI document on purpose. */
  hidden?: boolean;
  /** The URL and a plausible valid body for a call by `who`; defaults to the path with an unknown id. */
  call?: (t: TestApp, who: Caller) => Call;
  /** Puts back what an allowed call changed that later rows depend on. */
  undo?: (t: TestApp, who: Caller, res: LightMyRequestResponse, saved: unknown) => Promise<void> | void;
  /** Taken before the call, handed to `undo`. */
  save?: (t: TestApp) => unknown;
}

/** Unique per caller, so that creating the same thing twice is not what the table tests. */
const tag = (who: Caller) => CALLERS.indexOf(who);
const letter = (who: Caller) => String.fromCharCode(65 + tag(who));

/** A counter nobody opens except in the `open` row, which closes it again. */
const idleCounter = (t: TestApp) => t.counter[6] ?? '';
const counterAction = (action: string, body?: unknown): RouteCase => ({
  method: 'POST',
  path: `/api/counters/:id/${action}`,
  allowed: STAFF,
  call: (t) => ({ url: `/api/counters/${idleCounter(t)}/${action}`, body }),
});

const ROUTES: readonly RouteCase[] = [
  // public
  { method: 'GET', path: '/api/health', allowed: ANYONE },
  { method: 'GET', path: '/api/ready', allowed: ANYONE },
  { method: 'GET', path: '/api/openapi.json', allowed: ANYONE, hidden: true },
  { method: 'GET', path: '/api/categories', allowed: ANYONE },
  { method: 'GET', path: '/api/priority-groups', allowed: ANYONE },
  { method: 'GET', path: '/api/tickets/:id', allowed: ANYONE },
  { method: 'GET', path: '/api/tickets/:id/qr.svg', allowed: ANYONE },
  { method: 'GET', path: '/api/public/queue-status', allowed: ANYONE },
  // Speech: a call's audio for the hall's displays (with a display token or none) and staff; the
  // console's preview for supervisors; texts read aloud for kiosks (and feedback tablets).
  {
    method: 'GET',
    path: '/api/speech/call',
    allowed: ['anonymous', 'display', ...STAFF],
    call: () => ({ url: '/api/speech/call?ticket=rolesUnknownKey&lang=pl' }),
  },
  {
    method: 'GET',
    path: '/api/speech/preview',
    allowed: SUPERVISORS,
    call: () => ({ url: '/api/speech/preview?lang=pl&number=A1&counter=1' }),
  },
  {
    method: 'POST',
    path: '/api/speech/text',
    allowed: ['kiosk'],
    call: () => ({ url: '/api/speech/text', body: { lang: 'pl', text: 'Wybierz sprawę.' } }),
  },
  // Bookings: anyone books, sees and cancels by the booking's link; a kiosk checks in.
  {
    method: 'GET',
    path: '/api/bookings/days',
    allowed: ANYONE,
    call: () => ({ url: `/api/bookings/days?categoryId=${UNKNOWN_ID}` }),
  },
  {
    method: 'GET',
    path: '/api/bookings/slots',
    allowed: ANYONE,
    call: () => ({ url: `/api/bookings/slots?categoryId=${UNKNOWN_ID}&day=2026-11-24` }),
  },
  {
    method: 'POST',
    path: '/api/bookings',
    allowed: ANYONE,
    call: () => ({ url: '/api/bookings', body: { categoryId: UNKNOWN_ID, at: '2026-11-24T09:00:00.000Z' } }),
  },
  { method: 'GET', path: '/api/bookings/options', allowed: ANYONE },
  {
    method: 'POST',
    path: '/api/bookings/requests',
    allowed: ANYONE,
    call: () => ({
      url: '/api/bookings/requests',
      body: { categoryId: UNKNOWN_ID, at: '2026-11-24T09:00:00.000Z', contact: 'roles@example.org' },
    }),
  },
  {
    method: 'POST',
    path: '/api/bookings/requests/:id/confirm',
    allowed: ANYONE,
    call: () => ({ url: `/api/bookings/requests/${UNKNOWN_ID}/confirm`, body: { code: '000000' } }),
  },
  // A calendar application reads a category's feed by its secret address, without a session.
  {
    method: 'GET',
    path: '/api/bookings/feed/:token',
    allowed: ANYONE,
    call: () => ({ url: `/api/bookings/feed/${'x'.repeat(43)}` }),
  },
  { method: 'GET', path: '/api/bookings/:id', allowed: ANYONE },
  { method: 'DELETE', path: '/api/bookings/:id', allowed: ANYONE },
  {
    method: 'POST',
    path: '/api/bookings/check-in',
    allowed: ['kiosk'],
    call: () => ({ url: '/api/bookings/check-in', body: { code: '000000' } }),
  },
  { method: 'GET', path: '/api/bookings/check-in/options', allowed: ['kiosk'] },
  // The visit survey: the phone page asks and answers; of the devices only a feedback tablet answers.
  { method: 'GET', path: '/api/tickets/:id/survey', allowed: ANYONE },
  {
    method: 'PUT',
    path: '/api/tickets/:id/survey',
    // A phone page opened in a browser that holds a session answers as anyone's would.
    allowed: ['anonymous', ...SIGNED_IN],
    call: () => ({ url: `/api/tickets/${UNKNOWN_ID}/survey`, body: { score: 5 } }),
  },
  // A pairing link's code, used by a device that has no token yet: nobody made this one (404).
  {
    method: 'POST',
    path: '/api/devices/pair',
    allowed: ANYONE,
    call: () => ({ url: '/api/devices/pair', body: { code: 'roles-unknown-pairing-code-0123456789' } }),
  },
  // paired devices
  { method: 'GET', path: '/api/devices/me', allowed: ['kiosk', 'display'] },
  // Whether a kiosk's own ticket printed: an unknown ticket answers 404 past the guard.
  { method: 'GET', path: '/api/tickets/:id/print', allowed: ['kiosk'] },
  // `since: -1` answers at once (a device that knows no version yet).
  {
    method: 'GET',
    path: '/api/devices/me/changes',
    allowed: ['kiosk', 'display'],
    call: () => ({ url: '/api/devices/me/changes?since=-1' }),
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    allowed: ANYONE,
    call: () => ({ url: '/api/auth/login', body: { username: 'admin', password: ADMIN_PASSWORD } }),
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    allowed: ANYONE,
    // Signing out deletes the caller's session, which the rest of the table still needs.
    save: (t) => t.db.all<Record<string, unknown>>('SELECT * FROM sessions'),
    undo: async (t, _who, _res, saved) => {
      for (const row of saved as Array<Record<string, unknown>>)
        await t.db.run(
          'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (@token_hash, @user_id, @created_at, @expires_at) ON CONFLICT DO NOTHING',
          row,
        );
    },
  },
  // staff
  { method: 'GET', path: '/api/auth/me', allowed: SIGNED_IN },
  {
    method: 'PATCH',
    path: '/api/auth/me',
    allowed: SIGNED_IN,
    call: () => ({ url: '/api/auth/me', body: { language: 'pl' } }),
  },
  // A wrong current password: past the guard (400 WRONG_PASSWORD), nothing changed.
  {
    method: 'POST',
    path: '/api/auth/password',
    allowed: SIGNED_IN,
    call: () => ({
      url: '/api/auth/password',
      body: { currentPassword: 'not-the-password', newPassword: 'roles-new-password' },
    }),
  },
  { method: 'GET', path: '/api/counters', allowed: STAFF },
  {
    method: 'GET',
    path: '/api/counters/:id',
    allowed: STAFF,
    call: (t) => ({ url: `/api/counters/${idleCounter(t)}` }),
  },
  {
    ...counterAction('open', {}),
    undo: async (t, who, res) => {
      if (res.statusCode !== 200) return;
      const closed = await t.request(who, 'POST', `/api/counters/${idleCounter(t)}/close`);
      expect(closed.statusCode).toBe(200);
    },
  },
  counterAction('close'),
  counterAction('next'),
  counterAction('recall'),
  counterAction('start'),
  counterAction('finish'),
  counterAction('no-show'),
  counterAction('transfer', { categoryId: 'roles-unknown-category' }),
  counterAction('pause', { reason: 'break' }),
  counterAction('resume'),
  counterAction('call', { ticketId: UNKNOWN_ID, reasonCode: 'other' }),
  // kiosk and staff
  {
    method: 'POST',
    path: '/api/tickets',
    allowed: ISSUERS,
    call: (t) => ({ url: '/api/tickets', body: { categoryId: t.category.A } }),
  },
  // supervisors
  { method: 'GET', path: '/api/admin/tickets/:id', allowed: SUPERVISORS },
  {
    method: 'GET',
    path: '/api/admin/tickets',
    allowed: SUPERVISORS,
    call: () => ({ url: '/api/admin/tickets?code=Z999' }),
  },
  { method: 'GET', path: '/api/admin/settings', allowed: SUPERVISORS },
  {
    method: 'PATCH',
    path: '/api/admin/settings',
    allowed: SUPERVISORS,
    call: () => ({ url: '/api/admin/settings', body: { strictPriority: false } }),
  },
  { method: 'GET', path: '/api/admin/audit', allowed: SUPERVISORS },
  { method: 'GET', path: '/api/admin/categories', allowed: SUPERVISORS },
  { method: 'GET', path: '/api/admin/queue/waiting', allowed: SUPERVISORS },
  {
    method: 'POST',
    path: '/api/admin/categories',
    allowed: SUPERVISORS,
    call: (_t, who) => ({
      url: '/api/admin/categories',
      body: { prefix: `QZ${letter(who)}`, names: { pl: `Rola ${who}` } },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/admin/categories/:id',
    allowed: SUPERVISORS,
    call: () => ({ url: `/api/admin/categories/${UNKNOWN_ID}`, body: { active: true } }),
  },
  { method: 'DELETE', path: '/api/admin/categories/:id', allowed: SUPERVISORS },
  { method: 'GET', path: '/api/admin/priority-groups', allowed: SUPERVISORS },
  {
    method: 'POST',
    path: '/api/admin/priority-groups',
    allowed: SUPERVISORS,
    call: (_t, who) => ({
      url: '/api/admin/priority-groups',
      body: { names: { pl: `Rola ${who}` } },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/admin/priority-groups/:id',
    allowed: SUPERVISORS,
    call: () => ({ url: `/api/admin/priority-groups/${UNKNOWN_ID}`, body: { legalBasis: 'x' } }),
  },
  { method: 'DELETE', path: '/api/admin/priority-groups/:id', allowed: SUPERVISORS },
  { method: 'GET', path: '/api/admin/counters', allowed: SUPERVISORS },
  {
    method: 'POST',
    path: '/api/admin/counters',
    allowed: SUPERVISORS,
    call: (t, who) => ({
      url: '/api/admin/counters',
      body: { name: `Rola ${who}`, categoryIds: [t.category.A] },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/admin/counters/:id',
    allowed: SUPERVISORS,
    call: () => ({ url: `/api/admin/counters/${UNKNOWN_ID}`, body: { name: 'Stanowisko' } }),
  },
  { method: 'DELETE', path: '/api/admin/counters/:id', allowed: SUPERVISORS },
  { method: 'GET', path: '/api/admin/users', allowed: SUPERVISORS },
  {
    method: 'POST',
    path: '/api/admin/users',
    allowed: SUPERVISORS,
    call: (_t, who) => ({
      url: '/api/admin/users',
      body: { username: `roles-${who}`, password: 'a-long-password', role: 'clerk' },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/admin/users/:id',
    allowed: SUPERVISORS,
    call: () => ({ url: `/api/admin/users/${UNKNOWN_ID}`, body: { displayName: 'Ktoś' } }),
  },
  { method: 'DELETE', path: '/api/admin/users/:id', allowed: SUPERVISORS },
  { method: 'GET', path: '/api/admin/devices', allowed: SUPERVISORS },
  {
    method: 'POST',
    path: '/api/admin/devices',
    allowed: SUPERVISORS,
    call: (_t, who) => ({ url: '/api/admin/devices', body: { kind: 'display', name: `Rola ${who}` } }),
  },
  {
    method: 'PATCH',
    path: '/api/admin/devices/:id',
    allowed: SUPERVISORS,
    call: () => ({ url: `/api/admin/devices/${UNKNOWN_ID}`, body: { name: 'Monitor' } }),
  },
  { method: 'DELETE', path: '/api/admin/devices/:id', allowed: SUPERVISORS },
  {
    method: 'POST',
    path: '/api/admin/devices/:id/pairing',
    allowed: SUPERVISORS,
    call: () => ({ url: `/api/admin/devices/${UNKNOWN_ID}/pairing`, body: {} }),
  },
  { method: 'GET', path: '/api/admin/printers', allowed: SUPERVISORS },
  {
    method: 'GET',
    path: '/api/reports/daily',
    allowed: [...SUPERVISORS, 'central'],
    call: () => ({ url: '/api/reports/daily?date=2026-11-23&format=json' }),
  },
  {
    method: 'GET',
    path: '/api/reports/range',
    allowed: [...SUPERVISORS, 'central'],
    call: () => ({ url: '/api/reports/range?from=2026-11-01&to=2026-11-23&format=json' }),
  },
  {
    method: 'POST',
    path: '/api/admin/printers',
    allowed: ADMINS,
    call: (_t, who) => ({
      url: '/api/admin/printers',
      body: { name: `Drukarka ${who}`, connection: 'virtual', codePage: 'cp852', paperWidth: 80 },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/admin/printers/:id',
    allowed: SUPERVISORS,
    call: () => ({ url: `/api/admin/printers/${UNKNOWN_ID}`, body: { name: 'Drukarka' } }),
  },
  { method: 'DELETE', path: '/api/admin/printers/:id', allowed: SUPERVISORS },
  { method: 'GET', path: '/api/admin/survey/settings', allowed: SUPERVISORS },
  // Switching on what is on already changes nothing.
  {
    method: 'PATCH',
    path: '/api/admin/survey/settings',
    allowed: SUPERVISORS,
    call: () => ({ url: '/api/admin/survey/settings', body: { enabled: true } }),
  },
  { method: 'POST', path: '/api/admin/printers/:id/test', allowed: SUPERVISORS },
  // Bookings: the console's capacity, day plan, export and calendar.
  { method: 'GET', path: '/api/admin/bookings/settings', allowed: SUPERVISORS },
  { method: 'GET', path: '/api/admin/bookings/office', allowed: SUPERVISORS },
  // Switching off what is off already changes nothing.
  {
    method: 'PATCH',
    path: '/api/admin/bookings/office',
    allowed: SUPERVISORS,
    call: () => ({ url: '/api/admin/bookings/office', body: { phoneCheckIn: false } }),
  },
  {
    method: 'PATCH',
    path: '/api/admin/bookings/settings/:id',
    allowed: SUPERVISORS,
    call: () => ({ url: `/api/admin/bookings/settings/${UNKNOWN_ID}`, body: { perSlot: 2 } }),
  },
  {
    method: 'GET',
    path: '/api/admin/bookings',
    allowed: SUPERVISORS,
    call: () => ({ url: '/api/admin/bookings?day=2026-11-23' }),
  },
  {
    method: 'GET',
    path: '/api/admin/bookings/export',
    allowed: SUPERVISORS,
    call: () => ({ url: '/api/admin/bookings/export?from=2026-11-01&to=2026-11-23' }),
  },
  { method: 'GET', path: '/api/admin/bookings/calendar/:id', allowed: SUPERVISORS },
  { method: 'POST', path: '/api/admin/bookings/calendar/:id/feed', allowed: SUPERVISORS },
  // administrators only
  // The import API of an office's own booking portal: also the portal's own device token (a device
  // of kind `portal`, not among these callers: tests/api/bookings.test.ts).
  {
    method: 'PUT',
    path: '/api/admin/bookings/portal/:portalId',
    allowed: ADMINS,
    call: () => ({
      url: '/api/admin/bookings/portal/roles-portal-1',
      body: { categoryId: UNKNOWN_ID, at: '2026-11-24T09:00:00.000Z' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/admin/bookings/portal/:portalId',
    allowed: ADMINS,
    call: () => ({ url: '/api/admin/bookings/portal/roles-portal-1' }),
  },
  {
    method: 'GET',
    path: '/api/admin/bookings/portal',
    allowed: ADMINS,
    call: () => ({ url: '/api/admin/bookings/portal?since=2026-11-01T00:00:00.000Z' }),
  },
  { method: 'GET', path: '/api/admin/offices', allowed: OFFICE_ADMINS },
  {
    method: 'POST',
    path: '/api/admin/offices',
    allowed: CENTRAL,
    call: (_t, who) => ({ url: '/api/admin/offices', body: { name: `Filia ${who}` } }),
    // The office made goes again: the backup rows below need the installation's one office.
    undo: async (t, _who, res) => {
      if (res.statusCode !== 201) return;
      const { id } = res.json<{ id: string }>();
      for (const table of ['audit_log', 'office_settings'])
        await t.db.run(`DELETE FROM ${table} WHERE office_id = ?`, [id]);
      await t.db.run('DELETE FROM offices WHERE id = ?', [id]);
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/offices/:id',
    allowed: OFFICE_ADMINS,
    call: () => ({ url: `/api/admin/offices/${UNKNOWN_ID}`, body: { name: 'Filia' } }),
  },
  { method: 'GET', path: '/api/admin/offices/:id/admins', allowed: CENTRAL },
  {
    method: 'POST',
    path: '/api/admin/offices/:id/admins',
    allowed: CENTRAL,
    call: () => ({
      url: `/api/admin/offices/${UNKNOWN_ID}/admins`,
      body: { username: 'roles-office-admin', password: 'a-long-password' },
    }),
  },
  {
    method: 'GET',
    path: '/api/reports/offices',
    allowed: CENTRAL,
    call: () => ({ url: '/api/reports/offices?from=2026-11-01&to=2026-11-23' }),
  },
  { method: 'GET', path: '/api/admin/storage', allowed: OFFICE_ADMINS },
  { method: 'GET', path: '/api/admin/backups', allowed: OFFICE_ADMINS },
  {
    method: 'POST',
    path: '/api/admin/backups',
    allowed: OFFICE_ADMINS,
    call: () => ({ url: '/api/admin/backups', body: {} }),
  },
  // A well-formed name of a backup nobody made: 404 past the guard.
  {
    method: 'GET',
    path: '/api/admin/backups/:name',
    allowed: OFFICE_ADMINS,
    call: () => ({ url: '/api/admin/backups/numerek-2000-01-01T00-00-00Z.sqlite' }),
  },
];

const defaultCall = (route: RouteCase): Call => ({ url: route.path.replace(':id', UNKNOWN_ID) });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('authorization table', () => {
  it('lists each (method, path) once and gives each a non-empty set of callers', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of ROUTES) expect(r.allowed.length, `${r.method} ${r.path}`).toBeGreaterThan(0);
  });

  it('covers exactly the routes of the OpenAPI document (plus the hidden document itself)', async () => {
    const res = await t.request('anonymous', 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc: unknown = res.json();
    if (!isRecord(doc) || !isRecord(doc.paths)) throw new Error('the OpenAPI document has no "paths"');
    const documented: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!isRecord(item)) continue;
      for (const method of Object.keys(item)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) {
          documented.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
        }
      }
    }
    const table = ROUTES.filter((r) => !r.hidden).map((r) => `${r.method} ${r.path}`);
    expect([...documented].sort()).toEqual([...table].sort());
    expect(documented).not.toContain('GET /api/openapi.json');
  });
});

for (const route of ROUTES) {
  describe(`${route.method} ${route.path}`, () => {
    for (const who of CALLERS) {
      const allowed = route.allowed.includes(who);
      it(allowed ? `lets ${who} through` : `refuses ${who}`, async () => {
        const { url, body } = route.call?.(t, who) ?? defaultCall(route);
        const before = allowed ? '' : await databaseSnapshot(t, { withSessions: false });
        const saved = await route.save?.(t);
        const res = await t.request(who, route.method, url, body);
        try {
          if (allowed) {
            expect(res.statusCode, res.body).not.toBe(401);
            expect(res.statusCode, res.body).not.toBe(403);
            expect(res.statusCode, res.body).toBeLessThan(500);
          } else {
            expect(res.statusCode, res.body).toBe(who === 'anonymous' ? 401 : 403);
            const payload: unknown = res.json();
            expect(payload).toEqual({
              error: {
                code: who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
                message: expect.any(String),
              },
            });
            if (isRecord(payload) && isRecord(payload.error)) {
              expect(String(payload.error.message).trim()).not.toBe('');
            }
            expect(
              await databaseSnapshot(t, { withSessions: false }),
              'a refused call changed the database',
            ).toBe(before);
            // The guard runs before validation: a caller who may not call learns nothing of the input.
            if (route.method !== 'GET') {
              const junk = await t.request(who, route.method, url, ['not', 'a', 'valid', 'body']);
              expect(junk.statusCode, junk.body).toBe(res.statusCode);
            }
          }
        } finally {
          await route.undo?.(t, who, res, saved);
        }
      });
    }
  });
}

describe('HEAD, which Fastify adds for every GET, is guarded like the GET', () => {
  const guarded = ROUTES.filter((r) => r.method === 'GET' && !r.allowed.includes('anonymous'));
  for (const route of guarded) {
    it(`HEAD ${route.path}`, async () => {
      const { url } = route.call?.(t, 'anonymous') ?? defaultCall(route);
      expect((await t.request('anonymous', 'HEAD', url)).statusCode).toBe(401);
      const outsider = (['display', 'kiosk', 'clerk'] as const).find((c) => !route.allowed.includes(c));
      if (outsider) expect((await t.request(outsider, 'HEAD', url)).statusCode).toBe(403);
    });
  }
});
