import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseSnapshot, signIn } from './support.ts';

/**
 * Every route of the OpenAPI document against the callers tests/api/roles.test.ts does not
 * cover: a revoked kiosk, a revoked display, a session whose 12 hours are over, a made-up
 * session, and a signed-in administrator on a page of another site. The first four are
 * treated exactly as nobody, with the case that says why (`params.reason`); the last is
 * refused every state-changing route. Nothing refused writes anything.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
interface Operation {
  method: Method;
  url: string;
}

const UNKNOWN_ID = 'security-unknown-id';
const STATE_CHANGING: readonly Method[] = ['POST', 'PATCH', 'DELETE', 'PUT'];

let t: TestApp;
let operations: Operation[] = [];
const revoked: Record<'kiosk' | 'display', string> = { kiosk: '', display: '' };
let expiredCookie = '';

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.request('anonymous', 'GET', '/api/openapi.json')).json<{
    paths: Record<string, Record<string, unknown>>;
  }>();
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .map((m) => m.toUpperCase())
      .filter((m): m is Method => ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'].includes(m))
      .map((method) => ({ method, url: path.replace(/\{\w+\}/g, UNKNOWN_ID) })),
  );
  for (const kind of ['kiosk', 'display'] as const) {
    const device = await t.newDevice(kind, `revoked ${kind}`);
    const revoke = await t.request('supervisor', 'PATCH', `/api/admin/devices/${device.id}`, {
      revoked: true,
    });
    expect(revoke.statusCode).toBe(200);
    revoked[kind] = device.token;
  }
  const [clerk] = t.seed.clerks;
  t.clock.advance(-13 * 60 * 60 * 1000);
  try {
    expiredCookie = await signIn(t, clerk?.username ?? '', clerk?.password ?? '');
  } finally {
    t.clock.advance(13 * 60 * 60 * 1000);
  }
});
afterAll(async () => t.close());

const send = (op: Operation, headers: Record<string, string>) =>
  t.app.inject({
    method: op.method,
    url: op.url,
    headers,
    ...(op.method === 'POST' || op.method === 'PATCH' || op.method === 'PUT' ? { payload: {} } : {}),
  });

const errorOf = (res: LightMyRequestResponse) =>
  res.json<{ error: { code: string; params?: Record<string, unknown> } }>().error;

describe('every route', () => {
  it('is in the OpenAPI document, with state-changing routes among them', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter((op) => STATE_CHANGING.includes(op.method)).length).toBeGreaterThan(15);
  });

  for (const [who, headers, reason] of [
    ['a revoked kiosk', () => ({ authorization: `Bearer ${revoked.kiosk}` }), 'device_revoked'],
    ['a revoked display', () => ({ authorization: `Bearer ${revoked.display}` }), 'device_revoked'],
    ['a session whose 12 hours are over', () => ({ cookie: expiredCookie }), 'session_expired'],
    ['a made-up session', () => ({ cookie: 'numerek_session=made-up-session-token' }), 'session_expired'],
  ] as const) {
    it(`treats ${who} as nobody, saying why`, async () => {
      for (const op of operations) {
        const what = `${op.method} ${op.url} as ${who}`;
        const before = databaseSnapshot(t, { withSessions: false });
        const anonymous = await send(op, {});
        const res = await send(op, headers());
        if (anonymous.statusCode === 401) {
          expect(res.statusCode, what).toBe(401);
          expect(errorOf(res), what).toMatchObject({ code: 'UNAUTHENTICATED', params: { reason } });
        } else {
          // Public: open to everybody, so also to this caller.
          expect(res.statusCode, what).not.toBe(401);
          expect(res.statusCode, what).not.toBe(403);
        }
        if (res.statusCode >= 400) expect(databaseSnapshot(t, { withSessions: false }), what).toBe(before);
      }
    });
  }

  it('refuses every state-changing request from a page of another site, even an administrator’s', async () => {
    const changing = operations.filter((op) => STATE_CHANGING.includes(op.method));
    for (const op of changing) {
      const what = `${op.method} ${op.url}`;
      const before = databaseSnapshot(t);
      for (const origin of ['http://evil.example', 'null']) {
        const res = await send(op, { ...t.headers('admin'), origin });
        expect(res.statusCode, `${what} from ${origin}`).toBe(403);
        expect(errorOf(res).code, what).toBe('FORBIDDEN_ORIGIN');
      }
      const fetched = await send(op, { ...t.headers('admin'), 'sec-fetch-site': 'cross-site' });
      expect(errorOf(fetched).code, `${what} cross-site`).toBe('FORBIDDEN_ORIGIN');
      expect(databaseSnapshot(t), `${what}: a refused request wrote`).toBe(before);
    }
    for (const op of operations.filter((o) => o.method === 'GET')) {
      const res = await send(op, { ...t.headers('admin'), origin: 'http://evil.example' });
      if (res.statusCode === 403)
        expect(errorOf(res).code, `${op.method} ${op.url}`).not.toBe('FORBIDDEN_ORIGIN');
    }
  });
});
