import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { Ack, ConnectErrorCode } from '@numerek/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen, once, refused } from '../realtime/support.ts';
import { CLIENT_EVENTS, databaseSnapshot, SERVER_EVENTS, signIn, type Namespace } from './support.ts';

/**
 * The authorization table of the realtime gateway: every namespace × every caller, over real
 * socket.io clients on a real port. Who may connect, and for those who may, what every
 * client → server event of the shared event maps answers, and which server → client events
 * each of them hears.
 */

type Caller =
  | 'anonymous'
  | 'kiosk token'
  | 'display token'
  | 'clerk'
  | 'supervisor'
  | 'admin'
  | 'revoked device'
  | 'expired session';

const CALLERS: readonly Caller[] = [
  'anonymous',
  'kiosk token',
  'display token',
  'clerk',
  'supervisor',
  'admin',
  'revoked device',
  'expired session',
];

/** Who may connect to each namespace; everybody else is refused with this code. */
const ACCESS: Record<Namespace, Record<Caller, true | ConnectErrorCode>> = {
  // Public and read-only: the hall shows the same to everybody. A token must be a live display's.
  '/display': {
    anonymous: true,
    'kiosk token': 'forbidden',
    'display token': true,
    clerk: true,
    supervisor: true,
    admin: true,
    'revoked device': 'device-revoked',
    'expired session': true,
  },
  '/counter': {
    anonymous: 'unauthenticated',
    'kiosk token': 'unauthenticated',
    'display token': 'unauthenticated',
    clerk: true,
    supervisor: true,
    admin: true,
    'revoked device': 'unauthenticated',
    'expired session': 'unauthenticated',
  },
  '/console': {
    anonymous: 'unauthenticated',
    'kiosk token': 'unauthenticated',
    'display token': 'unauthenticated',
    clerk: 'forbidden',
    supervisor: true,
    admin: true,
    'revoked device': 'unauthenticated',
    'expired session': 'unauthenticated',
  },
};

/** A well-formed call of each event, and what an accepted caller gets in the ack. */
interface EventCase {
  args: (t: TestApp) => unknown[];
  /** `true` for `{ ok: true }`, otherwise the error code. */
  answer: true | string;
  check?: (t: TestApp, data: unknown) => void;
}
const EVENTS: Record<Namespace, Record<string, EventCase>> = {
  '/display': {
    'sync:request': {
      args: () => [],
      answer: true,
      check: (t, data) => expect(data).toMatchObject({ office: { id: t.officeId }, seq: expect.any(Number) }),
    },
  },
  '/counter': {
    'counter:subscribe': {
      args: (t) => [{ counterId: t.counter[1] }],
      answer: true,
      check: (_t, data) => expect(data).toEqual({ seq: expect.any(Number) }),
    },
    'sync:request': { args: () => [], answer: true },
  },
  '/console': {
    // The console follows the whole office; following one counter is for /counter.
    'counter:subscribe': { args: (t) => [{ counterId: t.counter[1] }], answer: 'VALIDATION_FAILED' },
    'sync:request': { args: () => [], answer: true },
  },
};

let t: TestApp;
let base: string;
let revokedToken: string;
const open: Socket[] = [];
const track = (s: Socket): Socket => {
  open.push(s);
  return s;
};
const tokenOf = (who: 'kiosk' | 'display') => (t.headers(who).authorization ?? '').slice('Bearer '.length);

/** How each caller presents itself: devices give their token in `auth` (a cookie they do not have). */
function credentials(who: Caller): { auth?: Record<string, unknown>; cookie?: string } {
  switch (who) {
    case 'anonymous':
      return {};
    case 'kiosk token':
      return { auth: { token: tokenOf('kiosk') } };
    case 'display token':
      return { auth: { token: tokenOf('display') } };
    case 'revoked device':
      return { auth: { token: revokedToken } };
    case 'expired session':
      return { cookie: expiredCookie };
    default:
      return { cookie: t.headers(who).cookie ?? '' };
  }
}
let expiredCookie = '';

beforeAll(async () => {
  t = await createTestApp();
  base = await listen(t.app);
  const device = await t.newDevice('display', 'TV to revoke');
  revokedToken = device.token;
  const revoke = await t.request('supervisor', 'PATCH', `/api/admin/devices/${device.id}`, { revoked: true });
  expect(revoke.statusCode).toBe(200);
  // A session whose 12 hours are over: signed in 13 hours ago.
  const [clerk] = t.seed.clerks;
  t.clock.advance(-13 * 60 * 60 * 1000);
  try {
    expiredCookie = await signIn(t, clerk?.username ?? '', clerk?.password ?? '');
  } finally {
    t.clock.advance(13 * 60 * 60 * 1000);
  }
});
afterEach(() => {
  for (const s of open.splice(0)) s.disconnect();
});
afterAll(async () => t.close());

describe('the tables', () => {
  it('name every event of the shared event maps and every caller in every namespace', () => {
    for (const nsp of Object.keys(ACCESS) as Namespace[]) {
      expect(Object.keys(ACCESS[nsp]).sort()).toEqual([...CALLERS].sort());
      expect(Object.keys(EVENTS[nsp]).sort()).toEqual([...CLIENT_EVENTS[nsp]].sort());
    }
  });
});

for (const nsp of Object.keys(ACCESS) as Namespace[]) {
  describe(`socket namespace ${nsp}`, () => {
    for (const who of CALLERS) {
      const access = ACCESS[nsp][who];
      const title =
        access === true
          ? `lets ${who} connect and answers each of its events per the table`
          : `refuses ${who} with ${access}`;
      it(title, async () => {
        const before = await databaseSnapshot(t);
        const socket = track(connect(base, nsp, credentials(who)));
        if (access !== true) {
          const error = await refused(socket);
          expect(error.data?.code).toBe(access);
          // A session that ended is told apart from no session at all.
          expect(error.data?.reason).toBe(who === 'expired session' ? 'session_expired' : undefined);
          expect(await databaseSnapshot(t), 'a refused handshake changed the database').toBe(before);
          return;
        }
        await once(socket, 'connect');
        for (const [event, c] of Object.entries(EVENTS[nsp])) {
          const r = (await socket
            .timeout(3000)
            .emitWithAck(event, ...(c.args(t) as never[]))) as Ack<unknown>;
          if (c.answer === true) {
            expect(r, `${event}: ${JSON.stringify(r)}`).toMatchObject({ ok: true });
            if (r.ok) c.check?.(t, r.data);
          } else {
            expect(r, event).toMatchObject({ ok: false, error: { code: c.answer } });
          }
        }
        // A server → client event sent by a client, and an unknown one, are refused in the ack.
        for (const event of ['ticket:called', 'session:expired', 'admin:everything']) {
          const r = (await socket.timeout(3000).emitWithAck(event, { x: 1 })) as Ack<unknown>;
          expect(r, event).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
        }
        expect(await databaseSnapshot(t), 'reading over a socket changed the database').toBe(before);
      });
    }
  });
}

describe('what each connected caller hears', () => {
  it('displays hear only display events, of their own office; panels and consoles only staff events', async () => {
    const heard = new Map<string, Set<string>>();
    const listeners: Array<{ key: string; nsp: Namespace; socket: Socket }> = [];
    for (const nsp of Object.keys(ACCESS) as Namespace[]) {
      for (const who of CALLERS) {
        if (ACCESS[nsp][who] !== true) continue;
        const socket = track(connect(base, nsp, credentials(who)));
        const key = `${nsp} ${who}`;
        heard.set(key, new Set());
        socket.onAny((event: string) => heard.get(key)?.add(event));
        await once(socket, 'connect');
        if (nsp === '/counter') await socket.emitWithAck('counter:subscribe', { counterId: t.counter[1] });
        listeners.push({ key, nsp, socket });
      }
    }
    // The hall of another office, on the same server.
    const branch = await t.request('central', 'POST', '/api/admin/offices', { name: 'Filia Północ' });
    expect(branch.statusCode).toBe(201);
    const elsewhere = track(
      connect(base, '/display', { auth: { officeId: branch.json<{ id: string }>().id } }),
    );
    const heardElsewhere: string[] = [];
    elsewhere.onAny((event: string) => heardElsewhere.push(event));
    await once(elsewhere, 'connect');

    const counter = `/api/counters/${t.counter[1]}`;
    expect((await t.request('clerk', 'POST', `${counter}/open`, {})).statusCode).toBe(200);
    expect((await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode).toBe(
      201,
    );
    const called = listeners.map(({ socket }) => once(socket, 'ticket:called'));
    expect((await t.request('clerk', 'POST', `${counter}/next`)).statusCode).toBe(200);
    await Promise.all(called);
    const configured = listeners
      .filter(({ nsp }) => nsp !== '/display')
      .map(({ socket }) => once(socket, 'config:changed'));
    const renamed = await t.request('supervisor', 'PATCH', `/api/admin/counters/${t.counter[1]}`, {
      name: 'Stanowisko 1',
    });
    expect(renamed.statusCode).toBe(200);
    await Promise.all(configured);
    await new Promise((resolve) => setTimeout(resolve, 300));

    for (const { key, nsp } of listeners) {
      const allowed = new Set<string>(SERVER_EVENTS[nsp === '/display' ? '/display' : '/counter']);
      const events = [...(heard.get(key) ?? [])];
      expect(events, key).toContain('ticket:called');
      for (const event of events) expect(allowed.has(event), `${key} heard ${event}`).toBe(true);
      if (nsp === '/display') {
        expect(events, key).not.toContain('config:changed');
        expect(events, key).not.toContain('counter:changed');
      }
    }
    // Another office's hall got its own snapshot and nothing of this office's calls.
    expect(heardElsewhere).toEqual(['queue:snapshot']);
  });
});
