import { CENTRAL_PASSWORD, CENTRAL_USERNAME, createTestApp, type TestApp } from '@numerek/server/testing';
import { SESSION_COOKIE, type ErrorBody, type Me } from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as loginAs, sessionCookie } from './support/sessions.ts';

/**
 * Any member of staff changes their own password whenever they like, not only at the first
 * sign-in: they give the current one and a new one the policy accepts. Their other sessions end
 * (a computer left signed in elsewhere, a stolen cookie); the session that made the change goes on.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const login = (username: string, password: string) => loginAs(t, username, password);
const signIn = (username: string, password: string) => sessionCookie(t, username, password);
const change = (headers: Record<string, string>, body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: body as object });
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
const errorOf = (res: LightMyRequestResponse) => res.json<ErrorBody>().error;

describe('changing one’s own password later', () => {
  for (const role of ['clerk', 'supervisor', 'admin'] as const) {
    it(`a ${role} changes it with the current one; their other sessions end, this one and other users’ stay`, async () => {
      const username = `zmiana.${role}`;
      const { id, cookie } = await t.addStaff(username, role, 'pierwsze-wlasne-haslo');
      const elsewhere = await signIn(username, 'pierwsze-wlasne-haslo');
      const onAnotherComputer = await signIn(username, 'pierwsze-wlasne-haslo');

      const res = await change(
        { cookie },
        {
          currentPassword: 'pierwsze-wlasne-haslo',
          newPassword: 'drugie-wlasne-haslo',
        },
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Me>()).toMatchObject({ id, username, role, passwordChangeRequired: false });

      expect((await me(cookie)).statusCode).toBe(200);
      for (const ended of [elsewhere, onAnotherComputer]) {
        const refused = await me(ended);
        expect(refused.statusCode).toBe(401);
        expect(errorOf(refused).code).toBe('UNAUTHENTICATED');
      }
      // Nobody else is signed out.
      expect((await t.request('clerk', 'GET', '/api/auth/me')).statusCode).toBe(200);
      expect((await t.request('admin', 'GET', '/api/auth/me')).statusCode).toBe(200);

      expect((await login(username, 'pierwsze-wlasne-haslo')).statusCode).toBe(401);
      expect((await login(username, 'drugie-wlasne-haslo')).statusCode).toBe(200);
      // A password one chose oneself is not asked for again.
      expect((await me(cookie)).json<Me>().passwordChangeRequired).toBe(false);
    });
  }

  it('refuses a wrong current password, changing nothing and signing nobody out', async () => {
    const { cookie } = await t.addStaff('zmiana.zle', 'clerk', 'moje-wlasne-haslo');
    const elsewhere = await signIn('zmiana.zle', 'moje-wlasne-haslo');
    const res = await change({ cookie }, { currentPassword: 'nie-to-haslo', newPassword: 'inne-nowe-haslo' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('WRONG_PASSWORD');
    expect((await me(elsewhere)).statusCode).toBe(200);
    expect((await login('zmiana.zle', 'inne-nowe-haslo')).statusCode).toBe(401);
    expect((await login('zmiana.zle', 'moje-wlasne-haslo')).statusCode).toBe(200);
  });

  it('refuses a new password that is weak, the same, or too short, saying which and why', async () => {
    const { cookie } = await t.addStaff('zmiana.slabe', 'supervisor', 'kierownika-haslo');
    const elsewhere = await signIn('zmiana.slabe', 'kierownika-haslo');
    for (const [newPassword, reason] of [
      ['12345678', 'digits_only'],
      ['zzzzzzzzzz', 'one_character'],
      ['zmiana.slabe-1', 'contains_username'],
      ['password1', 'common'],
    ] as const) {
      const res = await change({ cookie }, { currentPassword: 'kierownika-haslo', newPassword });
      expect(res.statusCode, newPassword).toBe(400);
      expect(errorOf(res), newPassword).toMatchObject({
        code: 'PASSWORD_TOO_WEAK',
        params: { reason, field: 'newPassword' },
      });
    }
    const same = await change(
      { cookie },
      {
        currentPassword: 'kierownika-haslo',
        newPassword: 'kierownika-haslo',
      },
    );
    expect(errorOf(same).code).toBe('PASSWORD_UNCHANGED');
    const short = await change({ cookie }, { currentPassword: 'kierownika-haslo', newPassword: 'krotkie' });
    expect(short.statusCode).toBe(400);
    expect(errorOf(short)).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'newPassword' } });
    // Nothing changed: the password and the other session are as they were.
    expect((await me(elsewhere)).statusCode).toBe(200);
    expect((await login('zmiana.slabe', 'kierownika-haslo')).statusCode).toBe(200);
  });

  it('takes only the current and the new password', async () => {
    const { cookie } = await t.addStaff('zmiana.ksztalt', 'clerk', 'ksztalt-hasla-1');
    for (const body of [
      {},
      { currentPassword: 'ksztalt-hasla-1' },
      { newPassword: 'ksztalt-hasla-2' },
      { currentPassword: '', newPassword: 'ksztalt-hasla-2' },
      { currentPassword: 'ksztalt-hasla-1', newPassword: 'x'.repeat(201) },
      { currentPassword: 'ksztalt-hasla-1', newPassword: 'ksztalt-hasla-2', role: 'admin' },
      { currentPassword: 'ksztalt-hasla-1', newPassword: 'ksztalt-hasla-2', username: 'admin' },
    ]) {
      const res = await change({ cookie }, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(res).code, JSON.stringify(body)).toBe('VALIDATION_FAILED');
    }
    expect((await me(cookie)).json<Me>().role).toBe('clerk');
    expect((await login('zmiana.ksztalt', 'ksztalt-hasla-1')).statusCode).toBe(200);
  });

  it('is refused to anybody not signed in, and to a device', async () => {
    const body = { currentPassword: 'admin-password', newPassword: 'przejete-haslo-1' };
    const anonymous = await change({}, body);
    expect(anonymous.statusCode).toBe(401);
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    const expired = await change({ cookie: `${SESSION_COOKIE}=not-a-session` }, body);
    expect(expired.statusCode).toBe(401);
    const kiosk = await change(t.headers('kiosk'), body);
    expect([401, 403]).toContain(kiosk.statusCode);
    expect((await login('admin', 'przejete-haslo-1')).statusCode).toBe(401);
  });

  it('is open to the central administrator too', async () => {
    const other = await signIn(CENTRAL_USERNAME, CENTRAL_PASSWORD);
    const cookie = t.headers('central').cookie ?? '';
    const res = await change(
      { cookie },
      { currentPassword: CENTRAL_PASSWORD, newPassword: 'nowe-haslo-calej-instalacji' },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Me>()).toMatchObject({ role: 'central', passwordChangeRequired: false });
    expect((await me(other)).statusCode).toBe(401);
    expect((await t.request('central', 'GET', '/api/admin/offices')).statusCode).toBe(200);
  });

  it('leaves an administrator’s reset of another’s password as it was: signed out, to be replaced', async () => {
    const { id } = await t.addStaff('zmiana.reset', 'clerk', 'wlasne-przed-resetem');
    const before = await signIn('zmiana.reset', 'wlasne-przed-resetem');
    const reset = await t.request('admin', 'PATCH', `/api/admin/users/${id}`, {
      password: 'od-administratora-1',
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await me(before)).statusCode).toBe(401);
    const after = await signIn('zmiana.reset', 'od-administratora-1');
    expect((await me(after)).json<Me>().passwordChangeRequired).toBe(true);
    const chosen = await change(
      { cookie: after },
      {
        currentPassword: 'od-administratora-1',
        newPassword: 'wlasne-po-resecie',
      },
    );
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json<Me>().passwordChangeRequired).toBe(false);
  });

  it('is described in the OpenAPI document with its body and its refusals', async () => {
    const doc = (await t.request('anonymous', 'GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, { requestBody?: unknown; description?: string }>>;
    }>();
    const op = doc.paths['/api/auth/password']?.post;
    expect(op?.description).toMatch(/WRONG_PASSWORD.*PASSWORD_TOO_WEAK/s);
    expect(JSON.stringify(op?.requestBody)).toMatch(/currentPassword.*newPassword/s);
  });
});
