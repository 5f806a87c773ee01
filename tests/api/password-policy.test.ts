import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { Me } from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as loginAs, sessionCookie } from './support/sessions.ts';

/**
 * A staff password that is easy to guess (only digits, one character repeated, the user name in
 * it, one of the most common passwords) is refused wherever one is set: chosen at the first
 * sign-in, changed later, set by an administrator for someone else, or by the central
 * administrator for an office's administrator. Nothing is stored, and the account keeps its password.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const login = (username: string, password: string) => loginAs(t, username, password);
const cookieOf = (username: string, password: string) => sessionCookie(t, username, password);
const choose = (cookie: string, currentPassword: string, newPassword: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: { cookie },
    payload: { currentPassword, newPassword },
  });
function expectWeak(res: LightMyRequestResponse, reason: string, field: string): void {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json()).toMatchObject({ error: { code: 'PASSWORD_TOO_WEAK', params: { reason, field } } });
}

describe('the staff password policy', () => {
  it('refuses a weak password at the first sign-in ("12345678" among them) and keeps the given one', async () => {
    const given = 'od-kierownika-tymczasowe';
    const created = await t.request('supervisor', 'POST', '/api/admin/users', {
      username: 'ola.slaba',
      password: given,
      role: 'clerk',
    });
    expect(created.statusCode, created.body).toBe(201);
    const cookie = await cookieOf('ola.slaba', given);
    for (const [weak, reason] of [
      ['12345678', 'digits_only'],
      ['0000000000', 'digits_only'],
      ['xxxxxxxxxx', 'one_character'],
      ['Ola.Slaba-2025', 'contains_username'],
      ['olaslaba!', 'contains_username'],
      ['password1', 'common'],
      ['QWERTYUIOP', 'common'],
    ] as const)
      expectWeak(await choose(cookie, given, weak), reason, 'newPassword');
    // Still the given password, and it must still be replaced.
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json<Me>().passwordChangeRequired).toBe(true);
    expect((await login('ola.slaba', '12345678')).statusCode).toBe(401);

    // A wrong current password is said first, whatever the new one.
    const wrong = await choose(cookie, 'not-the-given-one', '12345678');
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');

    const chosen = await choose(cookie, given, 'zielona-herbata-o-siódmej');
    expect(chosen.statusCode, chosen.body).toBe(200);
    // Later changes follow the same rule.
    expectWeak(await choose(cookie, 'zielona-herbata-o-siódmej', 'iloveyou'), 'common', 'newPassword');
    expect((await login('ola.slaba', 'zielona-herbata-o-siódmej')).statusCode).toBe(200);
  });

  it('refuses a weak password an administrator sets, for a new account or a reset, storing nothing', async () => {
    const users = async () => (await t.db.value('SELECT count(*) FROM users')) as number;
    const before = await users();
    expectWeak(
      await t.request('admin', 'POST', '/api/admin/users', {
        username: 'jan.nowy',
        password: '11111111',
        role: 'clerk',
      }),
      'digits_only',
      'password',
    );
    expectWeak(
      await t.request('supervisor', 'POST', '/api/admin/users', {
        username: 'jan.nowy',
        password: 'jan.nowy.haslo',
        role: 'clerk',
      }),
      'contains_username',
      'password',
    );
    expect(await users()).toBe(before);

    const clerk = t.seed.clerks[0];
    if (!clerk) throw new Error('the sample office has no clerks');
    expectWeak(
      await t.request('supervisor', 'PATCH', `/api/admin/users/${t.userId.clerk}`, { password: 'sunshine' }),
      'common',
      'password',
    );
    expectWeak(
      await t.request('admin', 'PATCH', `/api/admin/users/${t.userId.clerk}`, {
        password: `${clerk.username.toUpperCase()}-reset`,
      }),
      'contains_username',
      'password',
    );
    // The clerk's own password still works and the session goes on.
    expect((await t.request('clerk', 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await login(clerk.username, clerk.password)).statusCode).toBe(200);
    // A supervisor may not reset an administrator's password at all: that is said, not the weakness.
    const forbidden = await t.request('supervisor', 'PATCH', `/api/admin/users/${t.userId.admin}`, {
      password: '12345678',
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('refuses a weak password the central administrator gives an office’s administrator', async () => {
    const office = await t.request('central', 'POST', '/api/admin/offices', {
      name: 'Urząd Dzielnicy Haseł',
    });
    expect(office.statusCode, office.body).toBe(201);
    const id = office.json<{ id: string }>().id;
    expectWeak(
      await t.request('central', 'POST', `/api/admin/offices/${id}/admins`, {
        username: 'hasla.admin',
        password: 'aaaaaaaaaaaa',
      }),
      'one_character',
      'password',
    );
    const made = await t.request('central', 'POST', `/api/admin/offices/${id}/admins`, {
      username: 'hasla.admin',
      password: 'tymczasowe-od-centrali',
    });
    expect(made.statusCode, made.body).toBe(201);
  });
});
