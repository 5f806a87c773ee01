import { ADMIN_PASSWORD, createTestApp, type TestApp } from '@numerek/server/testing';
import { SESSION_COOKIE } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const login = (t: TestApp, username: string, password: string, remoteAddress = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

/** The raw Set-Cookie header of the session cookie, attributes split and lower-cased. */
function sessionCookie(setCookie: string | string[] | undefined): Map<string, string> {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const raw = all.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!raw) throw new Error(`no ${SESSION_COOKIE} in ${JSON.stringify(all)}`);
  return new Map(
    raw.split(';').map((part, i) => {
      const [name = '', ...value] = part.trim().split('=');
      return [i === 0 ? 'value' : name.toLowerCase(), i === 0 ? value.join('=') : value.join('=')];
    }),
  );
}

describe('the session cookie', () => {
  let plain: TestApp;
  let https: TestApp;
  beforeAll(async () => {
    plain = await createTestApp();
    https = await createTestApp({ env: { PUBLIC_URL: 'https://numerek.office.example' } });
  });
  afterAll(async () => {
    await plain.close();
    await https.close();
  });

  it('is HttpOnly, SameSite=Strict, for the whole site, and ends with the 12-hour session, whatever the browser’s clock says', async () => {
    const res = await login(plain, 'admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const c = sessionCookie(res.headers['set-cookie']);
    expect(c.get('value')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(c.has('httponly')).toBe(true);
    expect(c.get('samesite')).toBe('Strict');
    expect(c.get('path')).toBe('/');
    expect(c.has('domain')).toBe(false);
    // A lifetime, not a date on the server's clock, which the browser would judge by its own.
    expect(c.get('max-age')).toBe(String(12 * 60 * 60));
    expect(c.has('expires')).toBe(false);
    // Plain HTTP on an office network: a Secure cookie would never be sent back.
    expect(c.has('secure')).toBe(false);
  });

  it('is Secure when the server is reached over HTTPS (PUBLIC_URL https://…)', async () => {
    const res = await login(https, 'admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const c = sessionCookie(res.headers['set-cookie']);
    expect(c.has('secure')).toBe(true);
    expect(c.has('httponly')).toBe(true);
    expect(c.get('samesite')).toBe('Strict');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('is cleared on sign-out with the same attributes, and the old value no longer works', async () => {
    const res = await login(https, 'admin', ADMIN_PASSWORD);
    const value = sessionCookie(res.headers['set-cookie']).get('value') ?? '';
    const cookie = `${SESSION_COOKIE}=${value}`;
    const out = await https.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    const cleared = sessionCookie(out.headers['set-cookie']);
    expect(cleared.get('value')).toBe('');
    expect(Date.parse(cleared.get('expires') ?? '')).toBeLessThanOrEqual(Date.now());
    expect([cleared.has('httponly'), cleared.has('secure'), cleared.get('samesite')]).toEqual([
      true,
      true,
      'Strict',
    ]);
    const me = await https.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('is not set by a failed sign-in', async () => {
    const res = await login(plain, 'admin', 'wrong-password');
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
  });
  afterAll(async () => t.close());

  it('holds back a user name tried too often from one address, even with the right password', async () => {
    for (let i = 0; i < 3; i++)
      expect((await login(t, 'kierownik', `guess-${i}`, '10.0.0.7')).statusCode).toBe(401);
    const blocked = await login(t, 'kierownik', 'supervisor-password', '10.0.0.7');
    expect(blocked.statusCode).toBe(429);
    const error = blocked.json<{ error: { code: string; params: { retryAfterSeconds: number } } }>().error;
    expect(error).toMatchObject({ code: 'RATE_LIMITED', params: { retryAfterSeconds: expect.any(Number) } });
    expect(blocked.headers['set-cookie']).toBeUndefined();
    // The value the panel's sentence says is the header's.
    expect(String(error.params.retryAfterSeconds)).toBe(blocked.headers['retry-after']);
    // The same user name in another case is the same user name.
    expect((await login(t, 'KIEROWNIK', 'x', '10.0.0.7')).statusCode).toBe(429);
  });

  it('does not hold back the same user at another address, nor another user at the same address', async () => {
    for (let i = 0; i < 3; i++) await login(t, 'kierownik', `guess-${i}`, '10.0.0.8');
    expect((await login(t, 'kierownik', 'x', '10.0.0.8')).statusCode).toBe(429);
    // The supervisor signs in at their own desk while someone elsewhere guesses the password.
    expect((await login(t, 'kierownik', 'supervisor-password', '10.0.0.9')).statusCode).toBe(200);
    expect((await login(t, 'admin', ADMIN_PASSWORD, '10.0.0.8')).statusCode).toBe(200);
  });

  it('holds back one address trying many user names at five times the per-name limit', async () => {
    // LOGIN_RATE_PER_MINUTE is 3 here: 15 attempts a minute from one address, whatever the names.
    for (let i = 0; i < 15; i++) {
      expect((await login(t, `user-${i}`, 'guess', '10.0.0.20')).statusCode, `attempt ${i + 1}`).toBe(401);
    }
    const blocked = await login(t, 'admin', ADMIN_PASSWORD, '10.0.0.20');
    expect(blocked.statusCode).toBe(429);
    const error = blocked.json<{ error: { code: string; params: { retryAfterSeconds: number } } }>().error;
    expect(error).toMatchObject({ code: 'RATE_LIMITED', params: { retryAfterSeconds: expect.any(Number) } });
    expect(error.params.retryAfterSeconds).toBeGreaterThan(0);
    expect(String(error.params.retryAfterSeconds)).toBe(blocked.headers['retry-after']);
    expect((await login(t, 'admin', ADMIN_PASSWORD, '10.0.0.21')).statusCode).toBe(200);
  });

  it('counts a user name typed with spaces around it as the same name, as sign-in does', async () => {
    for (const name of ['  kierownik', 'kierownik  ', '\tKierownik '])
      expect((await login(t, name, 'guess', '10.0.0.30')).statusCode, JSON.stringify(name)).toBe(401);
    expect((await login(t, ' kierownik ', 'supervisor-password', '10.0.0.30')).statusCode).toBe(429);
    // Sign-in itself accepts the spaces: they are not part of the name.
    expect((await login(t, ' kierownik ', 'supervisor-password', '10.0.0.31')).statusCode).toBe(200);
  });

  it('refuses spaces around a new user name', async () => {
    for (const username of [' nowak', 'nowak ', ' nowak ']) {
      const res = await t.request('admin', 'POST', '/api/admin/users', {
        username,
        password: 'nowe-haslo-123',
        role: 'clerk',
      });
      expect(res.statusCode, JSON.stringify(username)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  const PROXY = '10.0.0.2';
  const viaProxy = (t: TestApp, client: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'kierownik', password },
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': client },
    });

  it('without it, every client behind the proxy shares one limit', async () => {
    const t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      for (let i = 0; i < 3; i++) await viaProxy(t, `192.168.5.${i}`, 'guess');
      expect((await viaProxy(t, '192.168.5.99', 'supervisor-password')).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('with the proxy’s address trusted, the limits see each real client, and a client cannot forge it', async () => {
    const t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3', TRUST_PROXY: PROXY } });
    try {
      for (let i = 0; i < 3; i++) await viaProxy(t, '192.168.5.1', 'guess');
      expect((await viaProxy(t, '192.168.5.1', 'supervisor-password')).statusCode).toBe(429);
      expect((await viaProxy(t, '192.168.5.2', 'supervisor-password')).statusCode).toBe(200);
      // Straight to the server, not through the proxy: X-Forwarded-For is not believed.
      for (let i = 0; i < 3; i++)
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'kierownik', password: 'guess' },
          remoteAddress: '10.0.0.66',
          headers: { 'x-forwarded-for': `192.168.6.${i}` },
        });
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: 'kierownik', password: 'supervisor-password' },
            remoteAddress: '10.0.0.66',
            headers: { 'x-forwarded-for': '192.168.6.50' },
          })
        ).statusCode,
      ).toBe(429);
    } finally {
      await t.close();
    }
  });
});
