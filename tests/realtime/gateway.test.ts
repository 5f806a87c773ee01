import { createTestApp, type TestApp } from '@numerek/server/testing';
import {
  PROTOCOL_OUTDATED,
  PROTOCOL_VERSION,
  type Ack,
  type DisplayCall,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type DisplaySnapshot,
  type StaffClientEvents,
  type StaffServerEvents,
  type TicketCalled,
} from '@numerek/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen, once, rebuildOver, refused } from './support.ts';

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;
type StaffClient = Socket<StaffServerEvents, StaffClientEvents>;

/**
 * The realtime gateway with real socket.io clients over a real port: snapshots, deltas with
 * sequence numbers, resync, restart, refused handshakes and malformed payloads.
 */
describe('realtime gateway', () => {
  let t: TestApp;
  let base: string;
  const open: Socket[] = [];
  const track = <S extends Socket>(s: S): S => {
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t.app);
    const opened = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {});
    expect(opened.statusCode).toBe(200);
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => t.close());

  async function issue(prefix = 'A'): Promise<{ id: string; code: string }> {
    const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category[prefix] });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; code: string }>();
  }
  /** Finishes the counter's current ticket (if any) and calls the next one. */
  async function callNext(): Promise<{ id: string; code: string }> {
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/start`);
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/finish`);
    const res = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
    expect(res.statusCode).toBe(200);
    const { ticket } = res.json<{ ticket: { id: string; code: string } | null }>();
    if (!ticket) throw new Error('nobody was waiting');
    return ticket;
  }
  async function newDisplay(settings?: object): Promise<{ id: string; token: string }> {
    const d = await t.newDevice('display', 'TV hall B');
    if (settings) {
      const patched = await t.request('supervisor', 'PATCH', `/api/admin/devices/${d.id}`, { settings });
      expect(patched.statusCode).toBe(200);
    }
    return d;
  }
  const displayToken = () => (t.headers('display').authorization ?? '').slice('Bearer '.length);

  it('sends a full snapshot on connect, with the paired display settings', async () => {
    const d = await newDisplay({
      categoryIds: null,
      counterIds: null,
      languages: ['pl', 'en'],
      repeat: 3,
      viewingDistanceM: 12,
      screenInches: 65,
      showWaiting: false,
      sound: true,
      voice: 'browser',
    });
    const s = track(connect<DisplayClient>(base, '/display', { auth: { token: d.token } }));
    const snap = await once<DisplaySnapshot>(s, 'queue:snapshot');
    expect(snap.protocol).toBe(PROTOCOL_VERSION);
    expect(snap.office.id).toBe(t.officeId);
    expect(snap.display).toMatchObject({ id: d.id, name: 'TV hall B' });
    expect(snap.display.settings).toMatchObject({
      languages: ['pl', 'en'],
      repeat: 3,
      viewingDistanceM: 12,
      voice: 'browser',
    });
    expect(snap.counters.map((c) => c.id)).toContain(t.counter[1]);
    expect(snap.waiting.map((w) => w.prefix)).toContain('A');

    const anonymous = track(connect<DisplayClient>(base, '/display'));
    const plain = await once<DisplaySnapshot>(anonymous, 'queue:snapshot');
    expect(plain.display.id).toBeNull();
    expect(plain.display.settings.repeat).toBe(2);
  });

  it('emits ticket:called to displays, the console and the counter after next, numbered in the office stream', async () => {
    await issue();
    const display = track(connect<DisplayClient>(base, '/display', { auth: { token: displayToken() } }));
    // Every numbered message the display gets, in order: the issue's grouped queue:changed may
    // arrive before or after the snapshot, so the call is checked against what came just before.
    const stream: Array<{ event: string; seq: number }> = [];
    display.onAny((event: string, payload: { seq?: number }) => {
      if (typeof payload.seq === 'number') stream.push({ event, seq: payload.seq });
    });
    await once<DisplaySnapshot>(display, 'queue:snapshot');
    const console = track(connect<StaffClient>(base, '/console', { cookie: t.headers('supervisor').cookie }));
    await once(console, 'connect');
    const panel = track(connect<StaffClient>(base, '/counter', { cookie: t.headers('clerk').cookie }));
    const sub = await panel.emitWithAck('counter:subscribe', { counterId: t.counter[1] ?? '' });
    expect(sub.ok).toBe(true);

    const onDisplay = once<DisplayCall>(display, 'ticket:called');
    const onConsole = once<TicketCalled>(console, 'ticket:called');
    const onPanel = once<TicketCalled>(panel, 'ticket:called');
    const called = await callNext();
    const call = await onDisplay;
    const at = stream.findIndex((m) => m.event === 'ticket:called');
    const before = stream[at - 1];
    if (!before) throw new Error('ticket:called came before the snapshot');
    expect(call).toMatchObject({
      code: called.code,
      categoryId: t.category.A,
      recall: false,
    });
    // Numbered after what the display had, and naming as `prev` nothing it has not seen.
    expect(call.seq).toBeGreaterThan(before.seq);
    expect(call.prev).toBeLessThanOrEqual(before.seq);
    expect(call.counter).toMatchObject({ id: t.counter[1], number: 1 });
    // Staff get the ticket's id; the hall display only an opaque key.
    expect(call).not.toHaveProperty('ticketId');
    expect(call.key).not.toBe(called.id);
    expect((await onConsole).ticketId).toBe(called.id);
    expect((await onPanel).ticketId).toBe(called.id);
    // The call's queue change follows it, read at the call's position or later.
    await expect
      .poll(() => stream.slice(at + 1).find((m) => m.event === 'queue:changed')?.seq)
      .toBeGreaterThanOrEqual(call.seq);

    // A recall and a later snapshot carry the same key, so the display keeps one line per ticket.
    const recalled = once<DisplayCall>(display, 'ticket:recalled');
    await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/recall`);
    expect(await recalled).toMatchObject({ key: call.key, code: called.code, recall: true });

    const fresh = track(connect<DisplayClient>(base, '/display'));
    const after = await once<DisplaySnapshot>(fresh, 'queue:snapshot');
    expect(after.calls[0]).toMatchObject({ key: call.key, code: called.code, recall: true });
  });

  it('lets a client that sees a gap in seq resynchronise with sync:request', async () => {
    const display = track(connect<DisplayClient>(base, '/display'));
    const snap = await once<DisplaySnapshot>(display, 'queue:snapshot');
    await issue();
    await issue();
    // The client misses the first call (as after a dropped packet) and sees the second.
    const seen: DisplayCall[] = [];
    display.on('ticket:called', (e) => seen.push(e));
    const queued = once(display, 'ticket:called');
    const first = await callNext();
    await queued;
    seen.splice(0);
    const second = await callNext();
    await expect.poll(() => seen.length).toBe(1);
    const last = seen[0];
    // Its `prev` is the first call, which this display never applied: a gap.
    expect(last?.seq).toBeGreaterThan(snap.seq + 1);
    expect(last?.prev).toBeGreaterThan(snap.seq);

    const r: Ack<DisplaySnapshot> = await display.emitWithAck('sync:request');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.seq).toBeGreaterThanOrEqual(last?.seq ?? 0);
    const codes = r.data.calls.map((c) => c.code);
    expect(codes.indexOf(second.code)).toBe(0);
    expect(codes).toContain(first.code);
  });

  it('limits a filtered display to its counters', async () => {
    const d = await newDisplay({
      categoryIds: null,
      counterIds: [t.counter[2]],
      languages: ['pl'],
      repeat: 2,
      viewingDistanceM: 8,
      screenInches: 55,
      showWaiting: true,
      sound: true,
      voice: 'server',
    });
    const filtered = track(connect<DisplayClient>(base, '/display', { auth: { token: d.token } }));
    const snap = await once<DisplaySnapshot>(filtered, 'queue:snapshot');
    expect(snap.calls).toEqual([]);
    expect(snap.counters.map((c) => c.id)).toEqual([t.counter[2]]);
    const got: DisplayCall[] = [];
    filtered.on('ticket:called', (e) => got.push(e));
    await issue();
    const all = track(connect<DisplayClient>(base, '/display'));
    await once(all, 'queue:snapshot');
    const seenByAll = once<DisplayCall>(all, 'ticket:called');
    const queued = once(filtered, 'queue:changed');
    await callNext();
    await seenByAll;
    await queued;
    expect(got).toEqual([]);
  });

  it('refuses /counter and /console without a session, and a clerk on /console', async () => {
    for (const nsp of ['/counter', '/console'] as const) {
      // No session at all, and a session that ended: the page signs in again either way.
      const e = await refused(track(connect(base, nsp)));
      expect(e.data).toEqual({ code: 'unauthenticated' });
      const bad = await refused(track(connect(base, nsp, { cookie: 'numerek_session=not-a-session' })));
      expect(bad.data).toEqual({ code: 'unauthenticated', reason: 'session_expired' });
    }
    const clerk = await refused(track(connect(base, '/console', { cookie: t.headers('clerk').cookie })));
    expect(clerk.data).toEqual({ code: 'forbidden' });
    const panel = track(connect(base, '/counter', { cookie: t.headers('clerk').cookie }));
    await once(panel, 'connect');
    const admin = track(connect(base, '/console', { cookie: t.headers('admin').cookie }));
    await once(admin, 'connect');
  });

  it('tells an outdated page protocol-outdated, and refuses a malformed handshake', async () => {
    for (const nsp of ['/display', '/counter', '/console'] as const) {
      const e = await refused(track(connect(base, nsp, { auth: { protocol: PROTOCOL_VERSION - 1 } })));
      expect(e.data?.code).toBe('protocol-outdated');
      // The protocol's own word, which pages of every version read to reload themselves.
      expect(e.message).toBe(PROTOCOL_OUTDATED);
    }
    const bad = await refused(track(connect(base, '/display', { auth: { token: 42 } })));
    expect(bad.data?.code).toBe('bad-handshake');
    const office = await refused(track(connect(base, '/display', { auth: { officeId: 'no-such-office' } })));
    expect(office.data?.code).toBe('bad-handshake');
    const chosen = track(connect<DisplayClient>(base, '/display', { auth: { officeId: t.officeId } }));
    expect((await once<DisplaySnapshot>(chosen, 'queue:snapshot')).office.id).toBe(t.officeId);
  });

  it('rejects malformed payloads with an error ack and keeps serving', async () => {
    const panel = track(connect(base, '/counter', { cookie: t.headers('clerk').cookie }));
    await once(panel, 'connect');
    const cases: unknown[][] = [
      ['counter:subscribe', { counterId: 5 }],
      ['counter:subscribe', { counterId: t.counter[1], extra: true }],
      ['counter:subscribe'],
      ['counter:subscribe', 'x'.repeat(1000)],
      ['counter:subscribe', { counterId: 'no-such-counter' }],
      ['sync:request', { please: true }],
      ['ticket:called', { code: 'A 1' }],
    ];
    for (const [event, ...args] of cases) {
      const r = (await panel
        .timeout(2000)
        .emitWithAck(event as 'sync:request', ...(args as []))) as Ack<unknown>;
      expect(r.ok, `${String(event)} ${JSON.stringify(args)}`).toBe(false);
      if (!r.ok) expect(r.error.code).toMatch(/VALIDATION_FAILED|NOT_FOUND/);
    }
    // Events without an ack are ignored; the connection still answers.
    panel.emit('counter:subscribe' as 'sync:request');
    const display = track(connect(base, '/display'));
    await once(display, 'queue:snapshot');
    const bad = (await display.timeout(2000).emitWithAck('sync:request', 'junk' as never)) as Ack<unknown>;
    expect(bad.ok).toBe(false);
    const ok = await panel.emitWithAck('counter:subscribe', { counterId: t.counter[1] });
    expect(ok).toMatchObject({ ok: true });
    expect(t.app.server.listening).toBe(true);
  });

  it('says which field of a payload is wrong and how, as an HTTP route does', async () => {
    const panel = track(connect(base, '/counter', { cookie: t.headers('clerk').cookie }));
    await once(panel, 'connect');
    const ask = async (payload: unknown) => {
      const r = (await panel
        .timeout(2000)
        .emitWithAck('counter:subscribe', payload as never)) as Ack<unknown>;
      expect(r.ok).toBe(false);
      return r.ok ? undefined : r.error;
    };
    expect(await ask({ counterId: 'x'.repeat(65) })).toMatchObject({
      code: 'VALIDATION_FAILED',
      params: { field: 'counterId', reason: 'too_long', limit: 64 },
    });
    expect(await ask({ counterId: '' })).toMatchObject({ params: { field: 'counterId', reason: 'empty' } });
    expect(await ask({ counterId: 'ab\u0000' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      params: { field: 'counterId', reason: 'nul_character' },
    });
    expect(await ask({})).toMatchObject({ params: { field: 'counterId' } });
  });

  it('refuses a revoked display token and disconnects a display when it is revoked', async () => {
    const d = await newDisplay();
    const live = track(connect<DisplayClient>(base, '/display', { auth: { token: d.token } }));
    await once(live, 'queue:snapshot');
    const gone = once<string>(live, 'disconnect');
    const revoked = await t.request('supervisor', 'PATCH', `/api/admin/devices/${d.id}`, { revoked: true });
    expect(revoked.statusCode).toBe(200);
    expect(await gone).toBe('io server disconnect');
    const e = await refused(track(connect(base, '/display', { auth: { token: d.token } })));
    expect(e.data?.code).toBe('device-revoked');
    const invalid = await refused(track(connect(base, '/display', { auth: { token: 'not-a-token' } })));
    expect(invalid.data?.code).toBe('device-invalid');
    const kiosk = (t.headers('kiosk').authorization ?? '').slice(7);
    expect((await refused(track(connect(base, '/display', { auth: { token: kiosk } })))).data?.code).toBe(
      'forbidden',
    );
  });

  it('forwards printer status to the console', async () => {
    const console = track(connect<StaffClient>(base, '/console', { cookie: t.headers('supervisor').cookie }));
    await once(console, 'connect');
    const status = once<{ printerId: string; state: string; seq: number }>(console, 'printer:status');
    await t.app.services.writes.write(() =>
      t.app.services.ctx.events.add('printer.status', {
        officeId: t.officeId,
        printerId: 'p1',
        name: 'Hol główny',
        state: 'paper_out',
        at: t.clock.now(),
        alert: true,
      }),
    );
    expect(await status).toMatchObject({ printerId: 'p1', state: 'paper_out', seq: expect.any(Number) });
  });

  it('tells a panel its session expired and disconnects it', async () => {
    const panel = track(connect<StaffClient>(base, '/counter', { cookie: t.headers('clerk2').cookie }));
    await once(panel, 'connect');
    const expired = once(panel, 'session:expired');
    t.clock.advance(13 * 60 * 60 * 1000);
    try {
      await t.app.realtime.checkCredentials();
      await expired;
    } finally {
      t.clock.advance(-13 * 60 * 60 * 1000);
    }
  });
});

describe('realtime gateway across a server restart', () => {
  it('clients reconnect and get the current state from the rebuilt server', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-restart-'));
    const file = path.join(dir, 'numerek.db');
    const t = await createTestApp({ file });
    let second: Awaited<ReturnType<typeof rebuildOver>> | null = null;
    const display = connect<DisplayClient>(await listen(t.app), '/display', { reconnection: true });
    try {
      await once(display, 'queue:snapshot');
      const port = (t.app.server.address() as { port: number }).port;
      await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {});
      const before = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
      const dropped = once(display, 'disconnect');
      await t.close();
      await dropped;

      second = await rebuildOver(t, file);
      const afterRestart = once<DisplaySnapshot>(display, 'queue:snapshot', 5000);
      await listen(second.app, port);
      const snap = await afterRestart;
      expect(snap.waiting.find((w) => w.prefix === 'A')?.waiting).toBeGreaterThan(0);

      // A call made on the new server reaches the reconnected client.
      const called = once<DisplayCall>(display, 'ticket:called');
      const next = await second.app.inject({
        method: 'POST',
        url: `/api/counters/${t.counter[1]}/next`,
        headers: t.headers('clerk'),
      });
      expect(next.statusCode).toBe(200);
      expect((await called).code).toBe(before.json<{ code: string }>().code);
    } finally {
      display.disconnect();
      if (second) {
        await second.app.close();
        await second.db.close();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
