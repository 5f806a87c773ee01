import { createTestApp, type TestApp } from '@numerek/server/testing';
import {
  DEFAULT_DISPLAY_SETTINGS,
  type Ack,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type DisplaySnapshot,
} from '@numerek/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen, once } from '../realtime/support.ts';

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;

/** Every string in a value, object keys included. */
function stringsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      stringsIn(v, into);
    }
  }
}

/**
 * Anyone in the hall may watch a display, so nothing a display receives may open a ticket: a
 * ticket's id opens its status page (`/api/tickets/:id`, and the QR code's `/t/<id>` reads it
 * from there). Displays get an opaque key per ticket instead, which no route accepts.
 */
describe('what a hall display receives', () => {
  let t: TestApp;
  let base: string;
  const heard = new Set<string>();
  const ticketIds: string[] = [];
  const codes: string[] = [];
  const sockets: DisplayClient[] = [];

  /** A display that notes every string of every message it gets. */
  async function display(auth?: Record<string, unknown>): Promise<DisplayClient> {
    const socket = connect<DisplayClient>(base, '/display', {
      ...(auth ? { auth } : {}),
      reconnection: true,
    });
    sockets.push(socket);
    socket.onAny((event: string, ...args: unknown[]) => {
      heard.add(event);
      stringsIn(args, heard);
    });
    await once(socket, 'queue:snapshot');
    return socket;
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const http = (url: string, headers: Record<string, string> = {}) => fetch(`${base}${url}`, { headers });

  beforeAll(async () => {
    // With the built apps, so `/t/<id>` is the real ticket page (the tests' global setup builds them).
    t = await createTestApp({ serveApps: true });
    base = await listen(t.app);
    const paired = (t.headers('display').authorization ?? '').slice('Bearer '.length);
    const tv = await t.newDevice('display', 'TV B');
    await t.request('supervisor', 'PATCH', `/api/admin/devices/${tv.id}`, {
      settings: { ...DEFAULT_DISPLAY_SETTINGS, counterIds: [t.counter[1]] },
    });
    const all = [await display(), await display({ token: paired }), await display({ token: tv.token })];

    // A morning at counter 1: calls, a recall, a no-show, and the waiting counts changing.
    const counter = `/api/counters/${t.counter[1]}`;
    expect((await t.request('clerk', 'POST', `${counter}/open`, {})).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) {
      const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
      expect(issued.statusCode).toBe(201);
    }
    for (let i = 0; i < 4; i++) {
      const called = all.map((s) => once(s, 'ticket:called'));
      const next = await t.request('clerk', 'POST', `${counter}/next`);
      expect(next.statusCode).toBe(200);
      const { ticket } = next.json<{ ticket: { id: string; code: string } }>();
      ticketIds.push(ticket.id);
      codes.push(ticket.code);
      await Promise.all(called);
      if (i === 1) {
        const recalled = all.map((s) => once(s, 'ticket:recalled'));
        await t.request('clerk', 'POST', `${counter}/recall`);
        await Promise.all(recalled);
      }
      await t.request('clerk', 'POST', `${counter}/${i === 2 ? 'no-show' : 'start'}`);
      if (i !== 2) await t.request('clerk', 'POST', `${counter}/finish`);
    }
    // A resync, and a reconnect with its snapshot.
    for (const s of all) {
      const r: Ack<DisplaySnapshot> = await s.emitWithAck('sync:request');
      stringsIn(r, heard);
    }
    const again = once(all[0] as DisplayClient, 'queue:snapshot');
    all[0]?.io.engine.close();
    await again;
    // What a paired display reads over HTTP.
    for (const token of [paired, tv.token]) {
      for (const url of ['/api/devices/me', '/api/devices/me/changes?since=-1']) {
        const res = await http(url, bearer(token));
        expect(res.status, url).toBe(200);
        stringsIn(await res.json(), heard);
      }
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  it('holds the calls, but not one ticket id', () => {
    for (const code of codes) expect([...heard]).toContain(code);
    for (const id of ticketIds) {
      for (const s of heard)
        expect(s, `a display received a string holding a ticket id: ${s}`).not.toContain(id);
    }
  });

  it('opens no ticket: every string it received gets 404 or 400 from /api/tickets/:id, and /t/ shows no ticket', async () => {
    // The probe works: a ticket's own id opens it.
    const own = ticketIds[0] ?? '';
    expect((await http(`/api/tickets/${own}`)).status).toBe(200);
    const unknownPage = await (await http('/t/no-such-ticket')).text();
    expect(unknownPage).toMatch(/<html/i);

    expect(heard.size).toBeGreaterThan(40);
    const opened: string[] = [];
    for (const s of heard) {
      const path = encodeURIComponent(s);
      const api = await http(`/api/tickets/${path}`);
      if (api.status !== 404 && api.status !== 400) opened.push(`/api/tickets/${s} → ${api.status}`);
      // The phone's page is one page for every id, holding no ticket: it reads the ticket from
      // /api/tickets/:id, refused above. A page that answers must be that same page.
      const page = await http(`/t/${path}`);
      const body = await page.text();
      if (page.status === 200 && body !== unknownPage) opened.push(`/t/${s} → a page of its own`);
    }
    expect(opened).toEqual([]);
  });
});
