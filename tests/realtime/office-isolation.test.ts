import { createTestApp, type TestApp } from '@numerek/server/testing';
import type {
  DisplayClientEvents,
  DisplayServerEvents,
  StaffClientEvents,
  StaffServerEvents,
} from '@numerek/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSecondOffice, type SecondOffice } from '../security/second-office.ts';
import { connect, listen, once } from './support.ts';

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;
type StaffClient = Socket<StaffServerEvents, StaffClientEvents>;

/**
 * Two offices on one server, each with a hall display, a console and a clerk's panel connected
 * over real sockets: whatever one office does (issuing, calling, recalling, a change in its
 * console), the other office's screens receive nothing at all, and a panel cannot follow a
 * counter of another office.
 */

/** How long a quiet screen is watched after the other office's screens heard everything. */
const QUIET_MS = 600;

interface Screens {
  display: DisplayClient;
  console: StaffClient;
  panel: StaffClient;
  /** Every event each screen received after it connected, as `event payload`. */
  heard: string[];
}

let t: TestApp;
let b: SecondOffice;
let base: string;
let screensA: Screens;
let screensB: Screens;
const sockets: Socket[] = [];

async function open(
  displayToken: string,
  supervisorCookie: string,
  clerkCookie: string,
  counterId: string,
): Promise<Screens> {
  const display = connect<DisplayClient>(base, '/display', { auth: { token: displayToken } });
  const consoleSocket = connect<StaffClient>(base, '/console', { cookie: supervisorCookie });
  const panel = connect<StaffClient>(base, '/counter', { cookie: clerkCookie });
  sockets.push(display, consoleSocket, panel);
  await Promise.all([
    once(display, 'queue:snapshot'),
    once(consoleSocket, 'connect'),
    once(panel, 'connect'),
  ]);
  const sub = await panel.emitWithAck('counter:subscribe', { counterId });
  expect(sub.ok).toBe(true);
  const screens: Screens = { display, console: consoleSocket, panel, heard: [] };
  for (const [name, s] of [
    ['display', display],
    ['console', consoleSocket],
    ['panel', panel],
  ] as const)
    s.onAny((event: string, payload: unknown) =>
      screens.heard.push(`${name} ${event} ${JSON.stringify(payload)}`),
    );
  return screens;
}

const bearer = (headers: Record<string, string>) => (headers.authorization ?? '').slice('Bearer '.length);

beforeAll(async () => {
  t = await createTestApp();
  base = await listen(t.app);
  b = await addSecondOffice(t, 'Urząd Dzielnicy Wola', 'wola');
  expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {})).statusCode).toBe(200);
  screensA = await open(
    bearer(t.headers('display')),
    t.headers('supervisor').cookie ?? '',
    t.headers('clerk').cookie ?? '',
    t.counter[1] ?? '',
  );
  screensB = await open(
    bearer(b.headers('display')),
    b.headers('supervisor').cookie ?? '',
    b.headers('clerk').cookie ?? '',
    b.ids.counter1,
  );
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

/** Runs what one office does, waits until its own screens heard the call, then watches the other's. */
async function quietWhile(
  busy: Screens,
  quiet: Screens,
  work: () => Promise<void>,
): Promise<{ busyHeard: string[]; quietHeard: string[] }> {
  busy.heard.length = 0;
  quiet.heard.length = 0;
  const heard = [
    once(busy.display, 'ticket:called'),
    once(busy.console, 'ticket:called'),
    once(busy.panel, 'ticket:called'),
    once(busy.console, 'config:changed'),
  ];
  await work();
  await Promise.all(heard);
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  return { busyHeard: [...busy.heard], quietHeard: [...quiet.heard] };
}

describe('the screens of two offices on one server', () => {
  it('hear nothing of the other office while it issues, calls, recalls and changes its setup', async () => {
    const { busyHeard, quietHeard } = await quietWhile(screensB, screensA, async () => {
      for (const move of ['start', 'finish'])
        expect(
          (await b.request('clerk', 'POST', `/api/counters/${b.ids.counter1}/${move}`, {})).statusCode,
        ).toBe(200);
      expect(
        (await b.request('kiosk', 'POST', '/api/tickets', { categoryId: b.ids.categoryB })).statusCode,
      ).toBe(201);
      expect((await b.request('clerk', 'POST', `/api/counters/${b.ids.counter1}/next`, {})).statusCode).toBe(
        200,
      );
      expect(
        (await b.request('clerk', 'POST', `/api/counters/${b.ids.counter1}/recall`, {})).statusCode,
      ).toBe(200);
      const renamed = await b.request('supervisor', 'PATCH', `/api/admin/categories/${b.ids.categoryB}`, {
        names: { pl: 'Wola: sprawy B, po zmianie' },
      });
      expect(renamed.statusCode).toBe(200);
    });
    expect(busyHeard.filter((e) => e.startsWith('display ticket:called'))).toHaveLength(1);
    expect(busyHeard.some((e) => e.startsWith('display ticket:recalled'))).toBe(true);
    expect(quietHeard).toEqual([]);
  });

  it('the other way round too', async () => {
    const { busyHeard, quietHeard } = await quietWhile(screensA, screensB, async () => {
      expect(
        (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).statusCode,
      ).toBe(201);
      expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`, {})).statusCode).toBe(
        200,
      );
      const renamed = await t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.A}`, {
        names: { pl: 'Dowody osobiste (zmienione)' },
      });
      expect(renamed.statusCode).toBe(200);
    });
    expect(busyHeard.some((e) => e.startsWith('display ticket:called'))).toBe(true);
    expect(quietHeard).toEqual([]);
  });

  it('a panel cannot follow another office’s counter, and a display’s snapshot holds its own office only', async () => {
    const sub = await screensB.panel.emitWithAck('counter:subscribe', { counterId: t.counter[1] ?? '' });
    const unknown = await screensB.panel.emitWithAck('counter:subscribe', { counterId: 'no-such-counter' });
    expect(sub.ok).toBe(false);
    expect(unknown.ok).toBe(false);
    if (!sub.ok && !unknown.ok) {
      expect(sub.error.code).toBe('NOT_FOUND');
      expect(sub.error.code).toBe(unknown.error.code);
    }
    const snapshot = await screensA.display.emitWithAck('sync:request');
    expect(snapshot.ok).toBe(true);
    const text = JSON.stringify(snapshot);
    for (const id of [b.officeId, b.ids.categoryA, b.ids.categoryB, b.ids.counter1, b.ids.counter2])
      expect(text).not.toContain(id);
  });
});
