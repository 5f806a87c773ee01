import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { Me } from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen, refused } from '../realtime/support.ts';
import { databaseSnapshot, signIn } from './support.ts';

/**
 * A password the server generated (the first start's clerks, an administrator without
 * ADMIN_PASSWORD) or that someone set for another person (a new account, a reset) is known to
 * more than its user. Such an account signs in, but may do nothing but read who it is, choose
 * its own password and sign out.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
const UNKNOWN_ID = 'first-sign-in-unknown-id';
/** What a signed-in user may do before choosing a password (signing out is open to anybody). */
const BEFORE_CHOOSING = ['GET /api/auth/me', 'POST /api/auth/password'];

let t: TestApp;
let base: string;
let operations: Array<{ method: Method; path: string; url: string }> = [];

beforeAll(async () => {
  t = await createTestApp();
  base = await listen(t.app);
  const doc = (await t.request('anonymous', 'GET', '/api/openapi.json')).json<{
    paths: Record<string, Record<string, unknown>>;
  }>();
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .map((m) => m.toUpperCase())
      .filter((m): m is Method => ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'].includes(m))
      .map((method) => ({
        method,
        path: path.replace(/\{(\w+)\}/g, ':$1'),
        url: path.replace(/\{\w+\}/g, UNKNOWN_ID),
      })),
  );
});
afterAll(async () => t.close());

const errorOf = (res: LightMyRequestResponse) => res.json<{ error: { code: string } }>().error;
const as = (cookie: string, method: Method, url: string, body?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie },
    ...(body !== undefined ? { payload: body as object } : method === 'GET' ? {} : { payload: {} }),
  });
const choose = (cookie: string, currentPassword: string, newPassword: string) =>
  as(cookie, 'POST', '/api/auth/password', { currentPassword, newPassword });

/** An account the administrator made for someone else, signed in with the password it was given. */
async function madeByAdmin(username: string, role: 'clerk' | 'supervisor' | 'admin', password: string) {
  const created = await t.request('admin', 'POST', '/api/admin/users', { username, password, role });
  expect(created.statusCode, created.body).toBe(201);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(login.statusCode).toBe(200);
  expect(login.json<Me>().passwordChangeRequired).toBe(true);
  return { id: created.json<{ id: string }>().id, cookie: await signIn(t, username, password) };
}

describe('an account whose password someone else set', () => {
  it('answers every other staff route with 403 PASSWORD_CHANGE_REQUIRED, writing nothing, until its user chooses one', async () => {
    // An administrator: every route of the app is within its role, so only the flag refuses.
    const { cookie } = await madeByAdmin('nowy.admin', 'admin', 'haslo-od-admina');
    let refusedCount = 0;
    for (const op of operations) {
      const what = `${op.method} ${op.path}`;
      const anonymous = await t.app.inject({ method: op.method, url: op.url });
      if (anonymous.statusCode !== 401 || BEFORE_CHOOSING.includes(what)) continue;
      const before = await databaseSnapshot(t, { withSessions: false });
      const res = await as(cookie, op.method, op.url);
      expect(res.statusCode, what).toBe(403);
      expect(errorOf(res).code, what).toBe('PASSWORD_CHANGE_REQUIRED');
      expect(await databaseSnapshot(t, { withSessions: false }), what).toBe(before);
      refusedCount++;
    }
    expect(refusedCount).toBeGreaterThan(30);
    // Public routes stay public.
    expect((await as(cookie, 'GET', '/api/categories')).statusCode).toBe(200);
    const me = await as(cookie, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json<Me>()).toMatchObject({ username: 'nowy.admin', passwordChangeRequired: true });

    const chosen = await choose(cookie, 'haslo-od-admina', 'moje-wlasne-haslo');
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json<Me>().passwordChangeRequired).toBe(false);
    // The same session goes on, now with everything its role allows.
    expect((await as(cookie, 'GET', '/api/admin/users')).statusCode).toBe(200);
    expect((await as(cookie, 'GET', '/api/counters')).statusCode).toBe(200);
    expect((await signIn(t, 'nowy.admin', 'moje-wlasne-haslo')).length).toBeGreaterThan(0);
  });

  it('opens no clerk panel or console socket until then', async () => {
    const clerk = await madeByAdmin('nowa.urzedniczka', 'clerk', 'haslo-od-admina');
    const supervisor = await madeByAdmin('nowy.kierownik', 'supervisor', 'haslo-od-admina');
    for (const [nsp, cookie] of [
      ['/counter', clerk.cookie],
      ['/console', supervisor.cookie],
      ['/counter', supervisor.cookie],
    ] as const) {
      const socket = connect(base, nsp, { cookie });
      try {
        expect((await refused(socket)).data?.code, nsp).toBe('password-change-required');
      } finally {
        socket.close();
      }
    }
    expect((await choose(clerk.cookie, 'haslo-od-admina', 'wlasne-haslo-1')).statusCode).toBe(200);
    const panel = connect(base, '/counter', { cookie: clerk.cookie });
    try {
      await new Promise<void>((resolve, reject) => {
        panel.once('connect', resolve);
        panel.once('connect_error', reject);
      });
    } finally {
      panel.close();
    }
  });

  it('must give the right current password and a new one that differs; its other sessions end, this one stays', async () => {
    const first = await madeByAdmin('jan.zmiana', 'clerk', 'haslo-od-admina');
    const second = await signIn(t, 'jan.zmiana', 'haslo-od-admina');

    const wrong = await choose(first.cookie, 'zle-haslo-123', 'wlasne-haslo-2');
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).code).toBe('WRONG_PASSWORD');
    const same = await choose(first.cookie, 'haslo-od-admina', 'haslo-od-admina');
    expect(same.statusCode).toBe(400);
    expect(errorOf(same).code).toBe('PASSWORD_UNCHANGED');
    const short = await choose(first.cookie, 'haslo-od-admina', 'krotkie');
    expect(short.statusCode).toBe(400);
    expect(errorOf(short).code).toBe('VALIDATION_FAILED');
    expect((await as(first.cookie, 'GET', '/api/counters')).statusCode).toBe(403);

    expect((await choose(first.cookie, 'haslo-od-admina', 'wlasne-haslo-2')).statusCode).toBe(200);
    expect((await as(first.cookie, 'GET', '/api/counters')).statusCode).toBe(200);
    expect((await as(second, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'jan.zmiana', password: 'haslo-od-admina' },
    });
    expect(old.statusCode).toBe(401);
    // Signing out works at any time.
    const another = await madeByAdmin('ewa.wylogowana', 'clerk', 'haslo-od-admina');
    expect((await as(another.cookie, 'POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await as(another.cookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('comes back when a supervisor resets the password, but not when users reset their own', async () => {
    const { id } = await t.addStaff('anna.reset', 'clerk', 'wlasne-haslo-3');
    const reset = await t.request('supervisor', 'PATCH', `/api/admin/users/${id}`, {
      password: 'haslo-od-kierownika',
    });
    expect(reset.statusCode).toBe(200);
    const again = await signIn(t, 'anna.reset', 'haslo-od-kierownika');
    const refusedNow = await as(again, 'GET', '/api/counters');
    expect(errorOf(refusedNow).code).toBe('PASSWORD_CHANGE_REQUIRED');

    // The administrator given through ADMIN_PASSWORD chose it; a reset of one's own is one's own too.
    const me = await t.request('admin', 'GET', '/api/auth/me');
    expect(me.json<Me>().passwordChangeRequired).toBe(false);
    const admin = await t.addStaff('drugi.admin', 'admin', 'wlasne-haslo-4');
    const own = await as(admin.cookie, 'PATCH', `/api/admin/users/${admin.id}`, {
      password: 'nowe-haslo-admina',
    });
    expect(own.statusCode).toBe(200);
    const after = await signIn(t, 'drugi.admin', 'nowe-haslo-admina');
    expect((await as(after, 'GET', '/api/counters')).statusCode).toBe(200);
  });
});
