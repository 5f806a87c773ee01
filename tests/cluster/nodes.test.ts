import { createTestApp, type TestApp } from '@numerek/server/testing';
import { startNode, type TestNode } from '@numerek/server/testing/nodes';
import { newDatabase } from '@numerek/server/testing/postgres';
import type {
  DisplayCall,
  DisplayClientEvents,
  DisplayServerEvents,
  DisplaySnapshot,
  StaffClientEvents,
  StaffServerEvents,
  TicketCalled,
} from '@numerek/shared';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyCall, applySnapshot, judge } from '../../display/src/state.ts';
import { connect, listen, once } from '../realtime/support.ts';

/**
 * Several Numerek processes ("nodes") on one PostgreSQL database behave as one server
 * (docs/decisions/0021-several-nodes.md): each test starts the sample office on node A and more
 * nodes on the same database, and talks to each over real HTTP and real socket.io clients.
 */

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;
type StaffClient = Socket<StaffServerEvents, StaffClientEvents>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Within this long every node must have heard another's change (the promise is 1 s). */
const WITHIN_MS = 1000;

/** Counts the node's reads of the outbox from now on (`count` may be set back to 0). */
function countOutboxReads(node: TestNode): { count: number } {
  const reads = { count: 0 };
  const db = node.app.services.ctx.db;
  const all = db.all.bind(db);
  db.all = (sql, params) => {
    if (/FROM outbox/.test(sql)) reads.count++;
    return all(sql, params);
  };
  return reads;
}

describe('several nodes on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestNode;
  let baseA: string;
  let baseB: string;
  const sockets: Socket[] = [];
  const track = <S extends Socket>(s: S): S => {
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    a = await createTestApp({ target: { engine: 'postgres', url: await newDatabase() } });
    b = await startNode(a);
    baseA = await listen(a.app);
    baseB = await listen(b.app);
    const opened = await a.request('clerk', 'POST', `/api/counters/${a.counter[1]}/open`, {});
    expect(opened.statusCode).toBe(200);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const onB = (who: Parameters<TestApp['headers']>[0], method: string, url: string, body?: unknown) =>
    b.app.inject({
      method: method as 'GET',
      url,
      headers: a.headers(who),
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const issue = async () => {
    const res = await a.request('kiosk', 'POST', '/api/tickets', { categoryId: a.category.A });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; code: string }>();
  };
  /** Calls the next client at counter 1, through node B. */
  const callThroughB = async () => {
    await onB('clerk', 'POST', `/api/counters/${a.counter[1]}/start`);
    await onB('clerk', 'POST', `/api/counters/${a.counter[1]}/finish`);
    const res = await onB('clerk', 'POST', `/api/counters/${a.counter[1]}/next`);
    expect(res.statusCode).toBe(200);
    const { ticket } = res.json<{ ticket: { id: string; code: string } | null }>();
    if (!ticket) throw new Error('nobody was waiting');
    return ticket;
  };
  const displayToken = () => (a.headers('display').authorization ?? '').slice('Bearer '.length);

  it('a call made through node B reaches the displays, panels and consoles connected to node A within 1 s', async () => {
    const display = track(connect<DisplayClient>(baseA, '/display', { auth: { token: displayToken() } }));
    const snapshot = await once<DisplaySnapshot>(display, 'queue:snapshot');
    const console = track(
      connect<StaffClient>(baseA, '/console', { cookie: a.headers('supervisor').cookie }),
    );
    await once(console, 'connect');
    const panel = track(connect<StaffClient>(baseA, '/counter', { cookie: a.headers('clerk').cookie }));
    const sub = await panel.emitWithAck('counter:subscribe', { counterId: a.counter[1] ?? '' });
    if (!sub.ok) throw new Error(sub.error.message);

    await issue();
    const onDisplay = once<DisplayCall>(display, 'ticket:called', 5000);
    const onConsole = once<TicketCalled>(console, 'ticket:called', 5000);
    const onPanel = once<TicketCalled>(panel, 'ticket:called', 5000);
    // Measured from the moment node B has answered: the call is committed and told to nobody yet.
    const called = await callThroughB();
    const answered = Date.now();
    const [d, c, p] = await Promise.all([onDisplay, onConsole, onPanel]);
    const took = Date.now() - answered;
    expect(took).toBeLessThan(WITHIN_MS);
    expect(d.code).toBe(called.code);
    expect(c.ticketId).toBe(called.id);
    expect(p.ticketId).toBe(called.id);
    // One number for the fact on every audience, after what each had.
    expect(c.seq).toBe(d.seq);
    expect(p.seq).toBe(d.seq);
    expect(judge(applySnapshot(snapshot, Date.now()), d)).toBe('apply');
  });

  it('a display that reconnects to another node after a call does not announce it again', async () => {
    // Node C hears of facts only when asked to read (no LISTEN, no timely poll): it lags behind.
    const c = await startNode(a, { outbox: { listen: false, pollMs: 60_000 } });
    try {
      const baseC = await listen(c.app);
      const onA = track(connect<DisplayClient>(baseA, '/display', { auth: { token: displayToken() } }));
      let state = applySnapshot(await once<DisplaySnapshot>(onA, 'queue:snapshot'), Date.now());
      await issue();
      const heard = once<DisplayCall>(onA, 'ticket:called', 5000);
      const called = await callThroughB();
      const call = await heard;
      expect(judge(state, call)).toBe('apply');
      state = { ...state, seq: call.seq };
      onA.disconnect();

      // Reconnected to C, which has not yet published the call: its snapshot, read from the
      // database, already holds the call and says so in its seq.
      const onC = track(connect<DisplayClient>(baseC, '/display', { auth: { token: displayToken() } }));
      const announced: DisplayCall[] = [];
      const snap = await once<DisplaySnapshot>(onC, 'queue:snapshot');
      expect(snap.seq).toBeGreaterThanOrEqual(call.seq);
      expect(snap.calls[0]?.code).toBe(called.code);
      state = applySnapshot(snap, Date.now());
      onC.on('ticket:called', (e) => {
        if (judge(state, e) === 'apply') announced.push(e);
      });
      const late = once<DisplayCall>(onC, 'ticket:called', 5000);
      // C now reads the streams and sends the call it had not yet sent: the display has seen it.
      c.app.services.ctx.events.poke();
      const again = await late;
      expect(again.code).toBe(called.code);
      expect(again.seq).toBe(call.seq);
      expect(judge(state, again)).toBe('seen');
      await sleep(200);
      expect(announced).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('a display on node A hears a call’s audio from any node: one that made the call, and one that hears of it after the display asks', async () => {
    // Node C hears of facts only when asked to read (no LISTEN, no timely poll): it lags behind.
    const c = await startNode(a, { outbox: { listen: false, pollMs: 60_000 } });
    try {
      const display = track(connect<DisplayClient>(baseA, '/display', { auth: { token: displayToken() } }));
      await once<DisplaySnapshot>(display, 'queue:snapshot');
      await issue();
      const heard = once<DisplayCall>(display, 'ticket:called', 5000);
      await callThroughB();
      const call = await heard;
      const audio = (node: TestNode | TestApp) =>
        node.app.inject({
          method: 'GET',
          url: `/api/speech/call?ticket=${encodeURIComponent(call.key)}&lang=pl`,
          headers: a.headers('display'),
        });
      // A load balancer sends the display's request for the audio to node B, which made the call.
      const fromB = await audio(b);
      expect(fromB.statusCode).toBe(200);
      expect(fromB.headers['content-type']).toBe('audio/wav');
      // Or to node C, which has not heard of the call yet: the request waits for it.
      const fromC = audio(c);
      await sleep(150);
      c.app.services.ctx.events.poke();
      const answered = await fromC;
      expect(answered.statusCode).toBe(200);
      expect(answered.headers.etag).toBe(fromB.headers.etag);
      expect((await audio(a)).headers.etag).toBe(fromB.headers.etag);
    } finally {
      await c.close();
    }
  });

  it('a node publishes its own call at once, reading nothing back, unless another node’s fact came first: then both, in order', async () => {
    // Node C hears of other nodes' facts only when asked to read (no LISTEN, no timely poll).
    const c = await startNode(a, { outbox: { listen: false, pollMs: 60_000 } });
    try {
      const baseC = await listen(c.app);
      const onC = (who: Parameters<TestApp['headers']>[0], url: string, body?: unknown) =>
        c.app.inject({
          method: 'POST',
          url,
          headers: a.headers(who),
          ...(body === undefined ? {} : { payload: body as object }),
        });
      const callThroughC = async () => {
        await onC('clerk', `/api/counters/${a.counter[1]}/start`);
        await onC('clerk', `/api/counters/${a.counter[1]}/finish`);
        const res = await onC('clerk', `/api/counters/${a.counter[1]}/next`);
        expect(res.statusCode).toBe(200);
        return res.json<{ ticket: { code: string } }>().ticket;
      };
      const reads = countOutboxReads(c);
      const display = track(connect<DisplayClient>(baseC, '/display', { auth: { token: displayToken() } }));
      let state = applySnapshot(await once<DisplaySnapshot>(display, 'queue:snapshot'), Date.now());
      const officeId = a.officeId;

      // A ticket issued through node A: node C has not read that fact when its clerk calls.
      await issue();
      let heard = once<DisplayCall>(display, 'ticket:called', 5000);
      const first = await callThroughC();
      let call = await heard;
      expect(call.code).toBe(first.code);
      expect(judge(state, call)).toBe('apply');
      expect(reads.count).toBeGreaterThan(0);
      expect(c.app.services.ctx.events.position(officeId)).toBe(
        await c.app.services.ctx.events.storedSeq(officeId),
      );
      state = applyCall(state, call);

      // Now current: a ticket issued and called through node C itself is published without a read.
      const issued = await onC('kiosk', '/api/tickets', { categoryId: a.category.A });
      expect(issued.statusCode).toBe(201);
      reads.count = 0;
      heard = once<DisplayCall>(display, 'ticket:called', 5000);
      const second = await callThroughC();
      call = await heard;
      expect(call.code).toBe(second.code);
      expect(judge(state, call)).toBe('apply');
      expect(reads.count).toBe(0);
    } finally {
      await c.close();
    }
  });

  it('another node’s call rides on its notification: a listening node publishes it without reading the outbox, and reads it when it does not fit', async () => {
    for (const maxBytes of [undefined, 200]) {
      // The calling node sends its facts along, or (at most 200 bytes of notification) not;
      // node C hears of other nodes' facts by its notifications only (no timely poll).
      const caller = await startNode(a, maxBytes ? { outbox: { notifyFactsMaxBytes: maxBytes } } : {});
      const c = await startNode(a, { outbox: { pollMs: 60_000 } });
      try {
        const baseC = await listen(c.app);
        const reads = countOutboxReads(c);
        const display = track(connect<DisplayClient>(baseC, '/display', { auth: { token: displayToken() } }));
        const state = applySnapshot(await once<DisplaySnapshot>(display, 'queue:snapshot'), Date.now());
        await issue();
        await a.request('clerk', 'POST', `/api/counters/${a.counter[1]}/start`);
        await a.request('clerk', 'POST', `/api/counters/${a.counter[1]}/finish`);
        await c.app.services.ctx.events.caughtUp();
        // Node C is current: only the call comes after this.
        reads.count = 0;
        const heard = once<DisplayCall>(display, 'ticket:called', 5000);
        const res = await caller.app.inject({
          method: 'POST',
          url: `/api/counters/${a.counter[1]}/next`,
          headers: a.headers('clerk'),
        });
        expect(res.statusCode).toBe(200);
        const answered = Date.now();
        const call = await heard;
        expect(Date.now() - answered).toBeLessThan(WITHIN_MS);
        expect(call.code).toBe(res.json<{ ticket: { code: string } }>().ticket.code);
        expect(judge(state, call)).toBe('apply');
        if (maxBytes) expect(reads.count).toBe(1);
        else expect(reads.count).toBe(0);
        expect(c.app.services.ctx.events.position(a.officeId)).toBe(
          await c.app.services.ctx.events.storedSeq(a.officeId),
        );
      } finally {
        await c.close();
        await caller.close();
      }
    }
  });

  it('a notification that never arrives is still delivered by the periodic read within 1 s', async () => {
    const c = await startNode(a, { outbox: { listen: false } });
    try {
      const baseC = await listen(c.app);
      const display = track(connect<DisplayClient>(baseC, '/display', { auth: { token: displayToken() } }));
      await once<DisplaySnapshot>(display, 'queue:snapshot');
      await issue();
      const heard = once<DisplayCall>(display, 'ticket:called', 5000);
      const called = await callThroughB();
      const answered = Date.now();
      expect((await heard).code).toBe(called.code);
      expect(Date.now() - answered).toBeLessThan(WITHIN_MS);
    } finally {
      await c.close();
    }
  });

  it('a node whose LISTEN connection is cut still delivers, and listens again', async () => {
    const display = track(connect<DisplayClient>(baseB, '/display', { auth: { token: displayToken() } }));
    await once<DisplaySnapshot>(display, 'queue:snapshot');
    const admin = new pg.Client({ connectionString: a.target.engine === 'postgres' ? a.target.url : '' });
    await admin.connect();
    try {
      const cut = await admin.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE application_name = 'numerek-listen' AND datname = current_database()`,
      );
      expect(cut.rows[0]?.n).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    await issue();
    const heard = once<DisplayCall>(display, 'ticket:called', 5000);
    const res = await a.request('clerk', 'POST', `/api/counters/${a.counter[1]}/start`);
    await a.request('clerk', 'POST', `/api/counters/${a.counter[1]}/finish`);
    const next = await a.request('clerk', 'POST', `/api/counters/${a.counter[1]}/next`);
    expect(res.statusCode).toBe(200);
    const answered = Date.now();
    expect((await heard).code).toBe(next.json<{ ticket: { code: string } }>().ticket.code);
    expect(Date.now() - answered).toBeLessThan(WITHIN_MS);
  });

  it('another node’s queue change drops only that office’s queue from the caches here; a change of devices drops them all', async () => {
    const scopes: unknown[] = [];
    a.app.services.ctx.events.onBehind((scope) => scopes.push(scope));
    const issued = await onB('kiosk', 'POST', '/api/tickets', { categoryId: a.category.A });
    expect(issued.statusCode).toBe(201);
    await a.app.services.ctx.events.caughtUp();
    // Sessions, users and devices kept on node A stay: a ticket changes none of them.
    expect(scopes).toEqual([{ officeId: a.officeId, queueOnly: true }]);
    // A ticket issued on node A itself finds node A current again: nothing more is dropped.
    await issue();
    await a.app.services.ctx.events.caughtUp();
    expect(scopes).toHaveLength(1);
    const added = await onB('supervisor', 'POST', '/api/admin/devices', {
      kind: 'display',
      name: 'TV – nowy',
    });
    expect(added.statusCode).toBe(201);
    await a.app.services.ctx.events.caughtUp();
    expect(scopes.slice(1)).toEqual([{ officeId: a.officeId, queueOnly: false }]);
  });

  it('a sign-out on node A refuses the session on node B within 1 s, over HTTP and on its socket', async () => {
    const staff = await a.addStaff('zmiana', 'clerk', 'sign-out-password');
    const me = () => b.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: staff.cookie } });
    expect((await me()).statusCode).toBe(200); // node B now holds the session in its cache
    const panel = track(connect<StaffClient>(baseB, '/counter', { cookie: staff.cookie }));
    await once(panel, 'connect');
    const expired = once(panel, 'session:expired', 5000);
    const out = await a.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: staff.cookie },
    });
    expect(out.statusCode).toBe(200);
    const signedOut = Date.now();
    await expired;
    await expect.poll(async () => (await me()).statusCode, { timeout: WITHIN_MS, interval: 20 }).toBe(401);
    expect(Date.now() - signedOut).toBeLessThan(WITHIN_MS + 200);
  });

  it('a device revoked on node A is refused on node B within 1 s, over HTTP and on its socket', async () => {
    const kiosk = await a.newDevice('kiosk', 'Kiosk piętro 2');
    const tv = await a.newDevice('display', 'TV piętro 2');
    const asKiosk = () =>
      b.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: { authorization: `Bearer ${kiosk.token}` },
        payload: { categoryId: a.category.A },
      });
    expect((await asKiosk()).statusCode).toBe(201);
    const display = track(connect<DisplayClient>(baseB, '/display', { auth: { token: tv.token } }));
    await once<DisplaySnapshot>(display, 'queue:snapshot');
    const gone = once(display, 'disconnect', 5000);
    for (const id of [kiosk.id, tv.id]) {
      const res = await a.request('supervisor', 'PATCH', `/api/admin/devices/${id}`, { revoked: true });
      expect(res.statusCode).toBe(200);
    }
    const revoked = Date.now();
    await gone;
    await expect
      .poll(async () => (await asKiosk()).statusCode, { timeout: WITHIN_MS, interval: 20 })
      .toBe(401);
    expect(Date.now() - revoked).toBeLessThan(WITHIN_MS + 200);
  });

  it('a category changed on node A shows on node B, and node B tells its consoles', async () => {
    // What a kiosk served by node B offers.
    const read = async () =>
      (await onB('kiosk', 'GET', '/api/categories'))
        .json<Array<{ id: string; names: { pl: string } }>>()
        .find((c) => c.id === a.category.R)?.names.pl;
    const before = await read();
    expect(before).toBeTruthy();
    const console = track(
      connect<StaffClient>(baseB, '/console', { cookie: a.headers('supervisor').cookie }),
    );
    await once(console, 'connect');
    const told = once<{ entity: string; id: string }>(console, 'config:changed', 5000);
    const res = await a.request('supervisor', 'PATCH', `/api/admin/categories/${a.category.R}`, {
      names: { pl: `${before} (nowa)` },
    });
    expect(res.statusCode).toBe(200);
    expect(await told).toMatchObject({ entity: 'category', id: a.category.R });
    await expect.poll(read, { timeout: WITHIN_MS, interval: 20 }).toBe(`${before} (nowa)`);
  });

  it('the policy, a category’s maximum wait and its booking rules changed on node A rule node B’s calls within 1 s', async () => {
    const onB = async () => {
      const p = await b.app.services.queue.policySettings(a.officeId);
      return [p.strictPriority, p.maxWaitMinutes[a.category.R ?? ''], p.booked?.[a.category.R ?? '']?.weight];
    };
    // Node B keeps them in memory once read; a ticket issued on node A leaves them there.
    const [strict] = await onB();
    await issue();
    await b.app.services.ctx.events.caughtUp();
    // Each change alone, so that none is seen thanks to another.
    const changes: Array<[string, string, object, unknown[]]> = [
      ['PATCH', '/api/admin/settings', { strictPriority: !strict }, [!strict]],
      ['PATCH', `/api/admin/categories/${a.category.R}`, { maxWaitMinutes: 17 }, [!strict, 17]],
      ['PATCH', `/api/admin/bookings/settings/${a.category.R}`, { weight: 6 }, [!strict, 17, 6]],
    ];
    for (const [method, url, body, expected] of changes) {
      const res = await a.request('supervisor', method, url, body);
      expect(res.statusCode, res.body).toBe(200);
      const changed = Date.now();
      await expect
        .poll(async () => (await onB()).slice(0, expected.length), { timeout: WITHIN_MS, interval: 20 })
        .toEqual(expected);
      expect(Date.now() - changed, url).toBeLessThan(WITHIN_MS + 200);
    }
    // Node A, which made the changes, read each at once.
    const p = await a.app.services.queue.policySettings(a.officeId);
    expect([
      p.strictPriority,
      p.maxWaitMinutes[a.category.R ?? ''],
      p.booked?.[a.category.R ?? '']?.weight,
    ]).toEqual([!strict, 17, 6]);
  });

  it('an idempotent retry on node B while node A’s first attempt still runs answers the first attempt: one ticket', async () => {
    if (a.target.engine !== 'postgres') throw new Error('on PostgreSQL');
    // The office's lock, held here, keeps both attempts waiting inside their writes.
    const holder = new pg.Client({ connectionString: a.target.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`office:${a.officeId}`]);
      const key = 'retry-across-nodes-1';
      const send = (app: TestApp['app']) =>
        app.inject({
          method: 'POST',
          url: '/api/tickets',
          headers: { ...a.headers('kiosk'), 'idempotency-key': key },
          payload: { categoryId: a.category.M },
        });
      const first = send(a.app);
      await expect.poll(() => waiting(holder)).toBe(1);
      const retry = send(b.app);
      await expect.poll(() => waiting(holder)).toBe(2);
      await holder.query('COMMIT');
      const [one, two] = await Promise.all([first, retry]);
      expect(one.statusCode).toBe(201);
      expect(two.statusCode).toBe(201);
      expect(two.json<{ id: string }>().id).toBe(one.json<{ id: string }>().id);
      expect(two.headers['idempotent-replayed'] ?? one.headers['idempotent-replayed']).toBe('true');
      expect(await a.db.value('SELECT count(*) FROM tickets WHERE category_id = ?', [a.category.M])).toBe(1);
    } finally {
      await holder.end();
    }
  });

  it('a retry on node B that the first attempt’s new state would refuse answers the first attempt, committed on node A meanwhile', async () => {
    if (a.target.engine !== 'postgres') throw new Error('on PostgreSQL');
    await issue();
    const called = await callThroughB();
    const holder = new pg.Client({ connectionString: a.target.url });
    await holder.connect();
    try {
      // Both attempts read "no answer stored" and wait at the office's lock; the first then starts
      // the service, after which "start" is refused by the counter's state, not by the key.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`office:${a.officeId}`]);
      const send = (app: TestApp['app']) =>
        app.inject({
          method: 'POST',
          url: `/api/counters/${a.counter[1]}/start`,
          headers: { ...a.headers('clerk'), 'idempotency-key': 'start-across-nodes-1' },
        });
      const first = send(a.app);
      await expect.poll(() => waiting(holder)).toBe(1);
      const retry = send(b.app);
      await expect.poll(() => waiting(holder)).toBe(2);
      await holder.query('COMMIT');
      const [one, two] = await Promise.all([first, retry]);
      expect([one.statusCode, two.statusCode]).toEqual([200, 200]);
      const ticketOf = (r: typeof one) => r.json<{ ticket: { id: string; state: string } }>().ticket;
      expect(ticketOf(one)).toMatchObject({ id: called.id, state: 'serving' });
      expect(ticketOf(two)).toMatchObject({ id: called.id, state: 'serving' });
      expect(two.headers['idempotent-replayed'] ?? one.headers['idempotent-replayed']).toBe('true');
      expect(
        await a.db.value("SELECT count(*) FROM ticket_events WHERE ticket_id = ? AND type = 'started'", [
          called.id,
        ]),
      ).toBe(1);
    } finally {
      await holder.end();
    }
  });

  it('the sign-in limit holds across nodes, not per node', async () => {
    const limited = await createTestApp({
      target: { engine: 'postgres', url: await newDatabase() },
      env: { LOGIN_RATE_PER_MINUTE: '3' },
    });
    const other = await startNode(limited, { env: { LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      const attempt = (app: TestApp['app']) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'nobody', password: 'wrong-password' },
        });
      const codes = [];
      for (const app of [limited.app, other.app, limited.app, other.app, limited.app])
        codes.push((await attempt(app)).statusCode);
      // Three attempts a minute for one name from one address, counted over both nodes.
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await other.close();
      await limited.close();
    }
  });

  it('a kiosk slowed down by three wrong booking codes on one node is slowed down on every node', async () => {
    const kiosk = await a.newDevice('kiosk', 'Kiosk guessing codes');
    const checkIn = (app: TestApp['app'], code: string) =>
      app.inject({
        method: 'POST',
        url: '/api/bookings/check-in',
        headers: { authorization: `Bearer ${kiosk.token}` },
        payload: { code },
      });
    const codes: Array<[number, string]> = [];
    for (const [app, code] of [
      [a.app, '111111'],
      [b.app, '222222'],
      [a.app, '333333'],
      [b.app, '444444'],
      [a.app, '555555'],
    ] as const) {
      const res = await checkIn(app, code);
      codes.push([res.statusCode, res.json<{ error: { code: string } }>().error.code]);
    }
    // Three wrong codes counted over both nodes; then both nodes make that kiosk wait.
    expect(codes).toEqual([
      [409, 'CHECK_IN_REFUSED'],
      [409, 'CHECK_IN_REFUSED'],
      [409, 'CHECK_IN_REFUSED'],
      [429, 'RATE_LIMITED'],
      [429, 'RATE_LIMITED'],
    ]);
    a.clock.advance(31_000);
    expect((await checkIn(b.app, '666666')).statusCode).toBe(409);
  });
});

describe("one node's writes that share a transaction", () => {
  it('do not take each other for another node: no cache dropped, every fact told once, in order, after the commit', async () => {
    const url = await newDatabase();
    const t = await createTestApp({ target: { engine: 'postgres', url } });
    const outside = new pg.Pool({ connectionString: url, max: 4 });
    try {
      const { ctx } = t.app.services;
      let behind = 0;
      ctx.events.onBehind(() => behind++);
      const told: number[] = [];
      const visible: Array<Promise<number>> = [];
      ctx.bus.subscribe('ticket.issued', (e, meta) => {
        told.push(meta.seq);
        // Asked at once from another connection: a fact told before its commit would not be there.
        visible.push(
          outside
            .query<{ n: number }>('SELECT count(*)::int AS n FROM tickets WHERE id = $1', [e.ticketId])
            .then((r) => r.rows[0]?.n ?? 0),
        );
      });
      // Twelve kiosks at once: the office's writes queue up and run in shared transactions.
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array(12).fill(201));
      await ctx.events.caughtUp();
      expect(behind).toBe(0);
      expect(told).toHaveLength(12);
      expect([...told].sort((x, y) => x - y)).toEqual(told);
      expect(new Set(told).size).toBe(12);
      expect(await Promise.all(visible)).toEqual(Array(12).fill(1));
    } finally {
      await outside.end();
      await t.close();
    }
  });
});

/** How many sessions wait for an advisory lock. */
async function waiting(client: pg.Client): Promise<number> {
  const r = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
  );
  return r.rows[0]?.n ?? 0;
}
