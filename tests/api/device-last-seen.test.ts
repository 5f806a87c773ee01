import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { Device } from '@numerek/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen, once } from '../realtime/support.ts';

/**
 * The console's device list says when each kiosk, display and feedback tablet was last seen, so a
 * supervisor can tell when one went offline. A device is seen whenever its token works (a request,
 * the kiosk's configuration long poll, a socket that connects, and every check of a connected
 * socket), and that is stored at most once a minute per device: a burst of requests is no burst
 * of writes. Real HTTP and real socket.io clients, on SQLite and on PostgreSQL.
 */
let t: TestApp;
let base: string;
let commits = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  // Connected displays are checked again every 100 ms of real time (30 s in production).
  t = await createTestApp({ realtime: { credentialCheckMs: 100 } });
  base = await listen(t.app);
  t.app.services.writes.onCommit(() => commits++);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => t?.close());

const tokenOf = (who: 'kiosk' | 'display') => (t.headers(who).authorization ?? '').slice('Bearer '.length);
const idOf = async (kind: Device['kind']) => {
  const id = await t.db.value<string>('SELECT id FROM devices WHERE kind = ? ORDER BY created_at LIMIT 1', [
    kind,
  ]);
  return String(id);
};
const storedSeen = async (id: string) => {
  const v = await t.db.value<number | string | null>('SELECT last_seen_at FROM devices WHERE id = ?', [id]);
  return v === null || v === undefined ? null : Number(v);
};
const listed = async (id: string) => {
  const res = await t.request('supervisor', 'GET', '/api/admin/devices');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Device[]>().find((d) => d.id === id)?.lastSeenAt ?? null;
};
const get = (path: string, token: string) =>
  fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
/** What is queued has been written, and a write that was never queued would have been by now. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('a device’s last-seen time', () => {
  it('is stored when a kiosk’s token works over HTTP, once for a burst of requests, and shown in the device list', async () => {
    const kiosk = await idOf('kiosk');
    const token = tokenOf('kiosk');
    expect(await storedSeen(kiosk)).toBeNull();
    expect(await listed(kiosk)).toBeNull();

    const at = t.clock.now();
    const before = commits;
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        get(
          i % 3 === 0
            ? '/api/devices/me/changes?since=-1'
            : i % 3 === 1
              ? '/api/devices/me'
              : '/api/categories',
          token,
        ),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual(Array.from({ length: 30 }, () => 200));
    await expect.poll(() => storedSeen(kiosk)).toBe(at);
    await settled();
    // Thirty requests, one write: nothing else the kiosk asked writes anything.
    expect(commits - before).toBe(1);
    expect(await listed(kiosk)).toBe(new Date(at).toISOString());

    // Within the minute: more requests, no write.
    t.clock.advance(30_000);
    for (let i = 0; i < 10; i++) expect((await get('/api/devices/me', token)).status).toBe(200);
    await settled();
    expect(commits - before).toBe(1);
    expect(await storedSeen(kiosk)).toBe(at);

    // A minute after the last write, the next request is stored again.
    t.clock.advance(31_000);
    expect((await get('/api/devices/me/changes?since=-1', token)).status).toBe(200);
    await expect.poll(() => storedSeen(kiosk)).toBe(t.clock.now());
    await settled();
    expect(commits - before).toBe(2);
  });

  it('is not stored for a token that does not work', async () => {
    const before = commits;
    expect((await get('/api/devices/me', 'not-a-token')).status).toBe(401);
    await settled();
    expect(commits).toBe(before);
  });

  it('is stored when a display connects, and kept while it stays connected, not after it leaves', async () => {
    const display = await idOf('display');
    const token = tokenOf('display');
    t.clock.advance(5 * 60_000);
    const connectedAt = t.clock.now();
    const before = commits;
    // The TV reconnects a few times in a row: one write.
    for (let i = 0; i < 3; i++) {
      const s = connect(base, '/display', { auth: { token } });
      sockets.push(s);
      await once(s, 'connect');
    }
    await expect.poll(() => storedSeen(display)).toBe(connectedAt);
    await settled();
    expect(commits - before).toBe(1);
    for (const s of sockets.splice(1)) s.disconnect();

    // Connected a minute and more: the periodic check of its token counts it as seen.
    t.clock.advance(61_000);
    const stillThere = t.clock.now();
    await expect.poll(() => storedSeen(display), { timeout: 5000 }).toBe(stillThere);
    expect(await listed(display)).toBe(new Date(stillThere).toISOString());

    // Gone: the time stays where the TV was last seen.
    for (const s of sockets.splice(0)) s.disconnect();
    await settled();
    t.clock.advance(5 * 60_000);
    await settled();
    expect(await storedSeen(display)).toBe(stillThere);
  });

  it('of several devices seen together is stored in one write', async () => {
    const [kiosk, display] = [await idOf('kiosk'), await idOf('display')];
    t.clock.advance(10 * 60_000);
    const at = t.clock.now();
    const before = commits;
    const s = connect(base, '/display', { auth: { token: tokenOf('display') } });
    sockets.push(s);
    const [res] = await Promise.all([get('/api/devices/me', tokenOf('kiosk')), once(s, 'connect')]);
    expect(res.status).toBe(200);
    await expect.poll(() => storedSeen(kiosk)).toBe(at);
    expect(await storedSeen(display)).toBe(at);
    await settled();
    expect(commits - before).toBe(1);
  });

  it('is stored when a feedback tablet connects', async () => {
    const tablet = await t.newDevice('feedback', 'Tablet przy stanowisku 1');
    expect(await storedSeen(tablet.id)).toBeNull();
    const s = connect(base, '/feedback', { auth: { token: tablet.token } });
    sockets.push(s);
    await once(s, 'connect');
    await expect.poll(() => storedSeen(tablet.id)).toBe(t.clock.now());
  });
});
