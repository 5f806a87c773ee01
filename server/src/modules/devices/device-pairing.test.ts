import { PAIRING_LINK_TTL_MS, type DeviceWithPairingLink } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pairingCodeOf, type TestApp } from '../../testing/test-app.ts';

const HOUR = 60 * 60 * 1000;

/**
 * A pairing link carries a one-time code, not the device's token: it works once, for 24 hours
 * (on the server's clock, here the fake one), and the device keeps the token it got for it.
 */
describe('pairing links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  async function newLink(kind: 'kiosk' | 'display', name: string): Promise<DeviceWithPairingLink> {
    const res = await t.request('supervisor', 'POST', '/api/admin/devices', { kind, name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<DeviceWithPairingLink>();
  }
  const pair = (code: string, remoteAddress?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/devices/pair',
      payload: { code },
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  const me = (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/devices/me', headers: { authorization: `Bearer ${token}` } });
  /**
   * What pairing may change: the devices, their codes (the audit log is checked on its own). When
   * a device was last seen is left out: its requests with its token store that, not pairing.
   */
  const state = async () =>
    JSON.stringify([
      (await t.db.all<Record<string, unknown>>('SELECT * FROM devices ORDER BY id')).map((d) => ({
        ...d,
        last_seen_at: null,
      })),
      await t.db.all('SELECT * FROM device_pairing_codes ORDER BY code_hash'),
    ]);
  /** Moves the server's clock for the length of `body` only (sessions last 12 hours). */
  async function later<T>(ms: number, body: () => Promise<T>): Promise<T> {
    t.clock.advance(ms);
    try {
      return await body();
    } finally {
      t.clock.advance(-ms);
    }
  }

  it('works once: its code, which is no credential itself, becomes the device’s own long-lived token', async () => {
    const link = await newLink('display', 'TV – parowanie');
    expect(link).not.toHaveProperty('token');
    expect(link.pairingExpiresAt).toBe(new Date(t.clock.now() + PAIRING_LINK_TTL_MS).toISOString());
    expect(link.pairedAt).toBeNull();
    const code = pairingCodeOf(link.pairingUrl);
    // 256 random bits: guessing a code is hopeless, whatever the rate limit.
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await me(code)).statusCode).toBe(401);

    const first = await pair(code);
    expect(first.statusCode, first.body).toBe(200);
    const { token } = first.json<{ token: string }>();
    expect(token).not.toBe(code);
    expect((await me(token)).json()).toMatchObject({ id: link.id, kind: 'display' });
    const listed = (await t.request('supervisor', 'GET', '/api/admin/devices')).json<
      Array<{ id: string; pairedAt: string | null }>
    >();
    expect(listed.find((d) => d.id === link.id)?.pairedAt).toBe(new Date(t.clock.now()).toISOString());

    // Weeks later the device still works with its own token; the link does not work again.
    await later(30 * 24 * HOUR, async () => {
      expect((await me(token)).statusCode).toBe(200);
    });
    const before = await state();
    const again = await pair(code);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('PAIRING_CODE_USED');
    expect(await state()).toBe(before);
    expect((await me(token)).statusCode).toBe(200);
  });

  it('expires 24 hours after it was made, and an expired code is refused and changes nothing', async () => {
    const early = await newLink('kiosk', 'Biletomat – tuż przed końcem');
    const late = await newLink('kiosk', 'Biletomat – po terminie');
    await later(PAIRING_LINK_TTL_MS - 1000, async () => {
      expect((await pair(pairingCodeOf(early.pairingUrl))).statusCode).toBe(200);
    });
    await later(PAIRING_LINK_TTL_MS, async () => {
      const before = await state();
      const res = await pair(pairingCodeOf(late.pairingUrl));
      expect(res.statusCode).toBe(410);
      expect(res.json().error).toEqual({ code: 'PAIRING_CODE_EXPIRED', message: expect.any(String) });
      expect(await state()).toBe(before);
    });
    // Refused, it was not used up: back within its 24 hours (the clock turned back) it works, once.
    expect((await pair(pairingCodeOf(late.pairingUrl))).statusCode).toBe(200);
  });

  it('refuses a code nobody made with PAIRING_CODE_UNKNOWN, and a malformed one as bad input', async () => {
    const before = await state();
    const unknown = await pair('A'.repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('PAIRING_CODE_UNKNOWN');
    // A device token from before links expired is not a code either.
    const oldStyle = await pair((t.headers('kiosk').authorization ?? '').slice('Bearer '.length));
    expect(oldStyle.json().error.code).toBe('PAIRING_CODE_UNKNOWN');
    for (const code of ['', 'short', 'x'.repeat(129), 'with space and ąę', 42]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/devices/pair', payload: { code } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await state()).toBe(before);
  });

  it('pairs again with a new link: the old token works until the link is used, then stops at once', async () => {
    const device = await t.newDevice('display', 'TV – nowy link');
    const first = await t.request('supervisor', 'POST', `/api/admin/devices/${device.id}/pairing`, {});
    expect(first.statusCode, first.body).toBe(201);
    const second = await t.request('supervisor', 'POST', `/api/admin/devices/${device.id}/pairing`, {});
    const link = second.json<DeviceWithPairingLink>();
    expect(link).toMatchObject({ id: device.id, revoked: false });
    // Making links revokes nothing.
    expect((await me(device.token)).statusCode).toBe(200);
    // Only the newest link of a device works.
    const superseded = await pair(pairingCodeOf(first.json<DeviceWithPairingLink>().pairingUrl));
    expect(superseded.json().error.code).toBe('PAIRING_CODE_EXPIRED');
    expect((await me(device.token)).statusCode).toBe(200);

    const used = await pair(pairingCodeOf(link.pairingUrl));
    expect(used.statusCode).toBe(200);
    const old = await me(device.token);
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe('UNAUTHENTICATED');
    expect((await me(used.json<{ token: string }>().token)).json()).toMatchObject({ id: device.id });
  });

  it('gives no link for a revoked device, and a link stops working when its device is revoked', async () => {
    const link = await newLink('kiosk', 'Biletomat – unieważniony');
    const revoked = await t.request('supervisor', 'PATCH', `/api/admin/devices/${link.id}`, {
      revoked: true,
    });
    expect(revoked.statusCode).toBe(200);
    const res = await pair(pairingCodeOf(link.pairingUrl));
    expect(res.statusCode).toBe(410);
    expect(res.json().error.code).toBe('PAIRING_CODE_EXPIRED');
    const again = await t.request('supervisor', 'POST', `/api/admin/devices/${link.id}/pairing`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ILLEGAL_TRANSITION');
    const clerk = await t.request('clerk', 'POST', `/api/admin/devices/${link.id}/pairing`, {});
    expect(clerk.statusCode).toBe(403);
    const unknown = await t.request('supervisor', 'POST', '/api/admin/devices/nope/pairing', {});
    expect(unknown.statusCode).toBe(404);
  });

  it('stores codes and tokens only as hashes, and audits who made a link, its use and a refused try', async () => {
    const link = await newLink('display', 'TV – dziennik');
    const code = pairingCodeOf(link.pairingUrl);
    const { token } = (await pair(code)).json<{ token: string }>();
    await pair(code);
    const dump = JSON.stringify([
      await t.db.all('SELECT * FROM devices'),
      await t.db.all('SELECT * FROM device_pairing_codes'),
      await t.db.all('SELECT * FROM audit_log'),
    ]);
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(token);

    const entries = (await t.app.services.auditLog.recent(t.officeId))
      .filter((e) => e.entityId === link.id)
      .reverse()
      .map((e) => ({ userId: e.userId, action: e.action, data: e.data }));
    expect(entries).toEqual([
      { userId: t.userId.supervisor, action: 'create', data: { kind: 'display', name: 'TV – dziennik' } },
      { userId: t.userId.supervisor, action: 'pairing-link', data: { expiresAt: link.pairingExpiresAt } },
      {
        userId: null,
        action: 'pair',
        data: { linkBy: t.userId.supervisor, linkCreatedAt: link.createdAt, replacedToken: false },
      },
      {
        userId: null,
        action: 'pair-refused',
        data: { linkBy: t.userId.supervisor, linkCreatedAt: link.createdAt, reason: 'used' },
      },
    ]);
  });
});

describe('the pairing route', () => {
  it('is throttled per address like sign-in (429 with Retry-After), and a throttled try uses no code', async () => {
    const t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      const created = await t.request('supervisor', 'POST', '/api/admin/devices', {
        kind: 'kiosk',
        name: 'Biletomat – limit',
      });
      const code = pairingCodeOf(created.json<DeviceWithPairingLink>().pairingUrl);
      const from = (remoteAddress: string, c: string) =>
        t.app.inject({ method: 'POST', url: '/api/devices/pair', payload: { code: c }, remoteAddress });
      for (let i = 0; i < 3; i++) expect((await from('10.0.0.7', 'B'.repeat(43))).statusCode).toBe(404);
      const held = await from('10.0.0.7', code);
      expect(held.statusCode).toBe(429);
      expect(held.json().error.code).toBe('RATE_LIMITED');
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not held back, and the code the throttled try carried still works.
      expect((await from('10.0.0.8', code)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
