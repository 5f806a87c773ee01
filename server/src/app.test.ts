import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, createTestApp, type TestApp } from './testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('the app', () => {
  it('answers health and describes itself in OpenAPI', async () => {
    expect((await t.request('anonymous', 'GET', '/api/health')).json()).toEqual({ status: 'ok' });
    const doc = (await t.request('anonymous', 'GET', '/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/counters/{id}/next');
  });

  it('sends security headers that work on a plain-HTTP office network', async () => {
    const res = await t.request('anonymous', 'GET', '/api/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers an unknown route and bad JSON with the error body, not a 500', async () => {
    const missing = await t.request('anonymous', 'GET', '/api/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('names the field and what is expected when a body is invalid', async () => {
    const res = await t.request('supervisor', 'POST', '/api/admin/categories', {
      prefix: 'abcd',
      names: { pl: 'X' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'prefix' } });
    const extra = await t.request('supervisor', 'POST', '/api/admin/categories', {
      prefix: 'X',
      names: { pl: 'X' },
      dailyLimt: 3,
    });
    expect(extra.json().error).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'dailyLimt' } });
  });
});

describe('bad input', () => {
  it('refuses a body that is not JSON with a 415, and never coerces body types', async () => {
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'admin',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const coerced = await t.request('supervisor', 'PATCH', '/api/admin/settings', { priorityWeight: '3' });
    expect(coerced.statusCode).toBe(400);
    expect(coerced.json().error.params).toEqual({ field: 'priorityWeight' });
  });

  it('answers malformed addresses with the error body', async () => {
    const long = await t.request('anonymous', 'GET', `/api/tickets/${'a'.repeat(120)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBe('VALIDATION_FAILED');
    const escape = await t.request('anonymous', 'GET', '/api/tickets/%ZZ');
    expect(escape.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
  });
});

describe('sessions', () => {
  it('signs in with an httpOnly SameSite=Strict cookie, and out again', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'admin-password' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ username: 'admin', role: 'admin' });
    const cookie = login.cookies.find((c) => c.name === 'numerek_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const headers = { cookie: `numerek_session=${cookie?.value}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      params: { reason: 'session_expired' },
    });
  });

  it('refuses a wrong password the same way as an unknown user', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('stores passwords as scrypt hashes and session and device tokens only hashed', async () => {
    const hashes = (await column(t.db, 'SELECT password_hash FROM users')) as string[];
    expect(hashes.every((h) => h.startsWith('scrypt$'))).toBe(true);
    const token = t.headers('kiosk').authorization?.slice(7) ?? '';
    const dump =
      JSON.stringify(await t.db.all('SELECT * FROM devices')) +
      JSON.stringify(await t.db.all('SELECT * FROM sessions'));
    expect(dump).not.toContain(token);
  });

  it('revoking a device takes effect at once', async () => {
    const devices = (await t.request('supervisor', 'GET', '/api/admin/devices')).json() as Array<{
      id: string;
      kind: string;
    }>;
    const kiosk = devices.find((d) => d.kind === 'kiosk');
    expect(
      (await t.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk?.id}`, { revoked: true })).json()
        .revoked,
    ).toBe(true);
    const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'UNAUTHENTICATED', params: { reason: 'device_revoked' } });
  });
  // Last: moves the clock past every session of this app.
  it('expires a session after 12 hours', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'admin-password' },
    });
    // The browser is told a lifetime, not a date on the server's clock (which may be wrong).
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/Max-Age=43200/);
    expect(setCookie).not.toMatch(/Expires=/);
    const headers = { cookie: `numerek_session=${login.cookies[0]?.value}` };
    t.clock.advance(12 * 3600_000 - 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    t.clock.advance(1001);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });
});

describe('login throttling', () => {
  it('refuses further attempts for a user name from one address after the limit', async () => {
    const limited = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      const attempt = (password: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'admin', password },
        });
      // createTestApp signed admin in once already, inside this minute.
      expect((await attempt('wrong-1')).statusCode).toBe(401);
      expect((await attempt('wrong-2')).statusCode).toBe(401);
      const blocked = await attempt('admin-password');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('RATE_LIMITED');
      // Another user name is not held back.
      const other = await limited.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'kierownik', password: 'x' },
      });
      expect(other.statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
