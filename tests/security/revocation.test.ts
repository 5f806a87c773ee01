import { createTestApp, pairingCodeOf, type TestApp } from '@numerek/server/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen, once } from '../realtime/support.ts';
import { signIn } from './support.ts';

/**
 * Taking access away takes effect at once, on open sockets too: the gateway reacts to the
 * domain event of the change, not to its periodic check (30 s, far longer than these tests wait).
 */
describe('revocation takes effect at once', () => {
  let t: TestApp;
  let base: string;
  const open: Socket[] = [];
  const track = (s: Socket): Socket => {
    open.push(s);
    return s;
  };
  /** Milliseconds from `start` until the socket is disconnected by the server (rejects after 1 s). */
  const disconnectedWithin = (socket: Socket, start: () => number) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still connected after 1 s')), 1000);
      socket.once('disconnect', (reason: string) => {
        clearTimeout(timer);
        if (reason === 'io server disconnect') resolve(performance.now() - start());
        else reject(new Error(`disconnected by ${reason}`));
      });
    });

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t.app);
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => t.close());

  const device = (kind: 'kiosk' | 'display') => t.newDevice(kind, `${kind} to revoke`);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('a revoked display is disconnected at once and its token is refused over HTTP', async () => {
    const d = await device('display');
    const tv = track(connect(base, '/display', { auth: { token: d.token } }));
    await once(tv, 'queue:snapshot');
    const me = await t.app.inject({ method: 'GET', url: '/api/devices/me', headers: bearer(d.token) });
    expect(me.statusCode).toBe(200);

    let revokedAt = 0;
    const gone = disconnectedWithin(tv, () => revokedAt);
    revokedAt = performance.now();
    const revoke = await t.request('supervisor', 'PATCH', `/api/admin/devices/${d.id}`, { revoked: true });
    expect(revoke.statusCode).toBe(200);
    const ms = await gone;
    expect(ms).toBeLessThan(500);

    const after = await t.app.inject({ method: 'GET', url: '/api/devices/me', headers: bearer(d.token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      params: { reason: 'device_revoked' },
    });
  });

  it('a display paired again with a new link: the socket of its old token is closed at once', async () => {
    const d = await device('display');
    const tv = track(connect(base, '/display', { auth: { token: d.token } }));
    await once(tv, 'queue:snapshot');
    const link = await t.request('supervisor', 'POST', `/api/admin/devices/${d.id}/pairing`, {});
    expect(link.statusCode).toBe(201);
    // A new link revokes nothing until it is used.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(tv.connected).toBe(true);

    let pairedAt = 0;
    const gone = disconnectedWithin(tv, () => pairedAt);
    pairedAt = performance.now();
    const paired = await t.app.inject({
      method: 'POST',
      url: '/api/devices/pair',
      payload: { code: pairingCodeOf(link.json<{ pairingUrl: string }>().pairingUrl) },
    });
    expect(paired.statusCode).toBe(200);
    expect(await gone).toBeLessThan(500);
    const fresh = track(
      connect(base, '/display', { auth: { token: paired.json<{ token: string }>().token } }),
    );
    await once(fresh, 'queue:snapshot');
  });

  it('a revoked kiosk: its waiting long poll answers at once and its next request is 401', async () => {
    const k = await device('kiosk');
    const poll = t.app.inject({
      method: 'GET',
      url: '/api/devices/me/changes?since=' + (await currentVersion(k.token)),
      headers: bearer(k.token),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const start = performance.now();
    const revoke = await t.request('supervisor', 'PATCH', `/api/admin/devices/${k.id}`, { revoked: true });
    expect(revoke.statusCode).toBe(200);
    expect((await poll).statusCode).toBe(200);
    expect(performance.now() - start).toBeLessThan(1000);
    const issue = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: bearer(k.token),
      payload: { categoryId: t.category.A },
    });
    expect(issue.statusCode).toBe(401);
    expect(issue.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      params: { reason: 'device_revoked' },
    });
  });
  async function currentVersion(token: string): Promise<number> {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/devices/me/changes?since=-1',
      headers: bearer(token),
    });
    return res.json<{ version: number }>().version;
  }

  /** A fresh clerk, signed in, with a panel socket open. */
  async function clerkWithPanel(username: string): Promise<{ id: string; cookie: string; panel: Socket }> {
    const { id, cookie } = await t.addStaff(username, 'clerk', 'clerk-password');
    const panel = track(connect(base, '/counter', { cookie }));
    await once(panel, 'connect');
    return { id, cookie, panel };
  }

  it('signing out closes that session’s sockets at once, telling them session:expired', async () => {
    const { cookie, panel } = await clerkWithPanel('wylogowany');
    const console = track(connect(base, '/console', { cookie: await signIn(t, 'admin', 'admin-password') }));
    await once(console, 'connect');
    const told = once(panel, 'session:expired', 1000);
    let start = 0;
    const gone = disconnectedWithin(panel, () => start);
    start = performance.now();
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    await told;
    expect(await gone).toBeLessThan(500);
    // Other sessions stay.
    expect(console.connected).toBe(true);
  });

  it('deactivating a user or resetting the password closes the sockets at once', async () => {
    const a = await clerkWithPanel('dezaktywowany');
    const gone = disconnectedWithin(a.panel, () => 0);
    expect(
      (await t.request('supervisor', 'PATCH', `/api/admin/users/${a.id}`, { active: false })).statusCode,
    ).toBe(200);
    await gone;
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie } });
    expect(me.statusCode).toBe(401);

    const b = await clerkWithPanel('nowehaslo');
    const reset = disconnectedWithin(b.panel, () => 0);
    const patched = await t.request('supervisor', 'PATCH', `/api/admin/users/${b.id}`, {
      password: 'another-password',
    });
    expect(patched.statusCode).toBe(200);
    await reset;
  });

  it('deleting a user closes the sockets at once', async () => {
    const c = await clerkWithPanel('usuniety');
    const gone = disconnectedWithin(c.panel, () => 0);
    expect((await t.request('supervisor', 'DELETE', `/api/admin/users/${c.id}`)).statusCode).toBeLessThan(
      300,
    );
    await gone;
  });
});
