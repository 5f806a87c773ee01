import { createTestApp, type TestApp } from '@numerek/server/testing';
import { PROTOCOL_VERSION } from '@numerek/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, once, refused } from '../realtime/support.ts';

/**
 * Cross-site request forgery: a page of another site that a signed-in clerk happens to open
 * cannot change anything in Numerek, over HTTP or over a staff socket. Devices and scripts, which
 * send no Origin, are not affected.
 */
describe('origin checks', () => {
  let t: TestApp;
  let base: string;
  let host: string;
  const open: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { ALLOWED_ORIGINS: 'https://intranet.office.example' } });
    base = await listen(t.app);
    host = new URL(base).host;
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => t.close());

  const tickets = () => t.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
  const post = (who: 'kiosk' | 'supervisor', url: string, body: unknown, headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...t.headers(who), host, ...headers },
      payload: body as object,
    });

  it('refuses a state-changing request from a page of another site with 403 FORBIDDEN_ORIGIN, changing nothing', async () => {
    const before = tickets();
    const res = await post(
      'kiosk',
      '/api/tickets',
      { categoryId: t.category.A },
      {
        origin: 'http://evil.example',
      },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN_ORIGIN' } });
    expect(tickets()).toBe(before);
    for (const method of ['PATCH', 'DELETE', 'PUT'] as const) {
      const other = await t.app.inject({
        method,
        url: `/api/admin/categories/${t.category.A}`,
        headers: { ...t.headers('supervisor'), host, origin: 'null' },
        ...(method === 'DELETE' ? {} : { payload: { prefix: 'Z' } }),
      });
      expect(other.statusCode, method).toBe(403);
      expect(other.json().error.code).toBe('FORBIDDEN_ORIGIN');
    }
    const category = await t.request('supervisor', 'GET', `/api/admin/categories`);
    expect(
      category.json<Array<{ id: string; prefix: string }>>().find((c) => c.id === t.category.A)?.prefix,
    ).toBe('A');
  });

  it('refuses a DNS-rebinding page: Origin and Host name the attacker’s host, pointed at this server', async () => {
    const before = tickets();
    const port = new URL(base).port;
    const rebound = `evil.example:${port}`;
    const res = await post(
      'supervisor',
      '/api/tickets',
      { categoryId: t.category.A },
      {
        host: rebound,
        origin: `http://${rebound}`,
      },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN_ORIGIN');
    expect(tickets()).toBe(before);
    // A host name the office configured is its own.
    const office = await createTestApp({ env: { ALLOWED_HOSTS: 'kolejka.urzad.example' } });
    try {
      const ok = await office.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: {
          ...office.headers('kiosk'),
          host: 'kolejka.urzad.example:3000',
          origin: 'http://kolejka.urzad.example:3000',
        },
        payload: { categoryId: office.category.A },
      });
      expect(ok.statusCode, ok.body).toBe(201);
    } finally {
      await office.close();
    }
  });

  it('refuses a cross-site fetch that sends no Origin but says Sec-Fetch-Site: cross-site', async () => {
    const res = await post(
      'kiosk',
      '/api/tickets',
      { categoryId: t.category.A },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
  });

  it('refuses even a sign-in from another site, before the password is checked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host, origin: 'http://evil.example' },
      payload: { username: 'admin', password: 'admin-password' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.cookies).toEqual([]);
  });

  it('accepts the own origin, the public address, ALLOWED_ORIGINS and devices that send no Origin', async () => {
    const before = tickets();
    for (const origin of [base, t.config.publicUrl, 'https://intranet.office.example']) {
      const res = await post('kiosk', '/api/tickets', { categoryId: t.category.A }, { origin });
      expect(res.statusCode, origin).toBe(201);
    }
    expect((await post('kiosk', '/api/tickets', { categoryId: t.category.A }, {})).statusCode).toBe(201);
    const sameOrigin = await post(
      'kiosk',
      '/api/tickets',
      { categoryId: t.category.A },
      { 'sec-fetch-site': 'same-origin' },
    );
    expect(sameOrigin.statusCode).toBe(201);
    expect(tickets()).toBe(before + 5);
  });

  it('answers reads from any origin: GET changes nothing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/categories',
      headers: { host, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).toBe(200);
  });

  const socket = (
    nsp: '/counter' | '/console' | '/display',
    origin: string | null,
    cookie?: string,
    transport: 'websocket' | 'polling' = 'websocket',
  ): Socket => {
    const headers: Record<string, string> = {};
    if (origin !== null) headers.origin = origin;
    if (cookie) headers.cookie = cookie;
    const s = io(`${base}${nsp}`, {
      auth: { protocol: PROTOCOL_VERSION },
      transports: [transport],
      forceNew: true,
      reconnection: false,
      extraHeaders: headers,
    });
    open.push(s);
    return s;
  };

  it('refuses a staff socket opened by a page of another site, even with a valid session cookie', async () => {
    for (const [nsp, who] of [
      ['/counter', 'clerk'],
      ['/console', 'supervisor'],
    ] as const) {
      const e = await refused(socket(nsp, 'http://evil.example', t.headers(who).cookie));
      expect(e.data?.code, nsp).toBe('forbidden-origin');
    }
  });

  it('refuses it over long polling too', async () => {
    const e = await refused(socket('/counter', 'http://evil.example', t.headers('clerk').cookie, 'polling'));
    expect(e.data?.code).toBe('forbidden-origin');
    const same = socket('/counter', base, t.headers('clerk').cookie, 'polling');
    await once(same, 'connect');
  });

  it('accepts staff sockets from the own origin, from ALLOWED_ORIGINS and without Origin', async () => {
    for (const origin of [base, 'https://intranet.office.example', null]) {
      const s = socket('/console', origin, t.headers('supervisor').cookie);
      await once(s, 'connect');
      expect(s.connected, String(origin)).toBe(true);
    }
  });

  it('lets any origin watch /display: the token is not a cookie and the hall is public', async () => {
    const s = socket('/display', 'http://evil.example');
    await once(s, 'queue:snapshot');
  });
});
