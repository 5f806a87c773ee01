import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { FeedbackState, SurveyAsk } from '@numerek/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, listen, once, refused } from './support.ts';

/**
 * `/feedback` over real socket.io clients: a feedback tablet connects with its own token, learns
 * its counter, and is asked about a visit when, and only when, the clerk of its counter finishes
 * one; the console's changes reach it at once.
 */

let t: TestApp;
let base: string;
const open: Socket[] = [];
const tablets: Record<'one' | 'three' | 'unbound', { id: string; token: string }> = {
  one: { id: '', token: '' },
  three: { id: '', token: '' },
  unbound: { id: '', token: '' },
};

const tabletSocket = (token: string): Socket => {
  const s = connect(base, '/feedback', { auth: { token } });
  open.push(s);
  return s;
};
/** A tablet connected, with the first state the server tells it. */
const connected = async (token: string): Promise<{ socket: Socket; state: FeedbackState }> => {
  const socket = tabletSocket(token);
  const state = await once<FeedbackState>(socket, 'feedback:state');
  return { socket, state };
};
/** Whether `event` comes within `ms` (for what must not come). */
const heard = (socket: Socket, event: string, ms = 600): Promise<boolean> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once(event, () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
const act = async (who: 'clerk' | 'clerk2', counter: number, action: string) => {
  const res = await t.request(who, 'POST', `/api/counters/${t.counter[counter]}/${action}`);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
};
/** A visit served at a counter: called, started; finishing is left to the test. */
const serving = async (who: 'clerk' | 'clerk2', counter: number, prefix: string, language = 'pl') => {
  const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category[prefix], language });
  expect(res.statusCode).toBe(201);
  await act(who, counter, 'next');
  await act(who, counter, 'start');
  return res.json<{ id: string }>().id;
};

beforeAll(async () => {
  t = await createTestApp();
  base = await listen(t.app);
  for (const [key, counter] of [
    ['one', 1],
    ['three', 3],
    ['unbound', null],
  ] as const) {
    const device = await t.newDevice('feedback', `Tablet ${key}`);
    tablets[key] = device;
    if (counter !== null) {
      const res = await t.request('supervisor', 'PATCH', `/api/admin/devices/${device.id}`, {
        counterId: t.counter[counter],
      });
      expect(res.statusCode).toBe(200);
    }
  }
  await act('clerk', 1, 'open');
  await act('clerk2', 3, 'open');
});
afterEach(() => {
  for (const s of open.splice(0)) s.disconnect();
});
afterAll(async () => t?.close());

describe('/feedback', () => {
  it('refuses a socket without a token, with a kiosk’s token, and a revoked tablet', async () => {
    expect((await refused(tabletSocket(''))).data?.code).toBe('unauthenticated');
    const kiosk = (t.headers('kiosk').authorization ?? '').slice('Bearer '.length);
    expect((await refused(tabletSocket(kiosk))).data?.code).toBe('forbidden');
    const gone = await t.newDevice('feedback', 'Tablet to revoke');
    expect(
      (await t.request('supervisor', 'PATCH', `/api/admin/devices/${gone.id}`, { revoked: true })).statusCode,
    ).toBe(200);
    expect((await refused(tabletSocket(gone.token))).data?.code).toBe('device-revoked');
  });

  it('tells each tablet its counter, and asks only the tablet of the counter whose clerk finished a visit', async () => {
    const one = await connected(tablets.one.token);
    const three = await connected(tablets.three.token);
    const unbound = await connected(tablets.unbound.token);
    expect(one.state).toEqual({
      counter: { id: t.counter[1], name: 'Stanowisko 1', number: 1 },
      active: true,
    });
    expect(three.state.counter?.number).toBe(3);
    expect(unbound.state).toEqual({ counter: null, active: false });

    const id = await serving('clerk', 1, 'A', 'uk');
    const asked = once<SurveyAsk>(one.socket, 'survey:ask');
    const elsewhere = heard(three.socket, 'survey:ask');
    const nowhere = heard(unbound.socket, 'survey:ask');
    await act('clerk', 1, 'finish');
    expect(await asked).toEqual({ ticketId: id, language: 'uk', seconds: 30 });
    expect(await elsewhere).toBe(false);
    expect(await nowhere).toBe(false);

    // A no-show is not a visit to rate.
    await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.R });
    await act('clerk2', 3, 'next');
    const missed = heard(three.socket, 'survey:ask');
    await act('clerk2', 3, 'no-show');
    expect(await missed).toBe(false);
  });

  it('asks a tablet that reconnects while the question lasts, unless the visit was answered', async () => {
    const first = await connected(tablets.one.token);
    const id = await serving('clerk', 1, 'A');
    const asked = once<SurveyAsk>(first.socket, 'survey:ask');
    await act('clerk', 1, 'finish');
    await asked;
    first.socket.disconnect();

    t.clock.advance(10_000);
    const again = tabletSocket(tablets.one.token);
    expect(await once<SurveyAsk>(again, 'survey:ask')).toEqual({ ticketId: id, language: 'pl', seconds: 20 });
    again.disconnect();

    expect((await t.request('anonymous', 'PUT', `/api/tickets/${id}/survey`, { score: 5 })).statusCode).toBe(
      200,
    );
    const answered = tabletSocket(tablets.one.token);
    const repeated = heard(answered, 'survey:ask', 1000);
    await once(answered, 'feedback:state');
    expect(await repeated).toBe(false);
    answered.disconnect();

    // Past its 30 s, nobody is asked again.
    const late = await serving('clerk', 1, 'A');
    await act('clerk', 1, 'finish');
    t.clock.advance(31_000);
    const after = tabletSocket(tablets.one.token);
    const lateAsk = heard(after, 'survey:ask', 1000);
    await once(after, 'feedback:state');
    expect(await lateAsk).toBe(false);
    expect(late).not.toBe(id);
  });

  it('follows the console: another counter, the survey switched off, the tablet revoked', async () => {
    const tablet = await connected(tablets.unbound.token);
    const bound = once<FeedbackState>(tablet.socket, 'feedback:state');
    await t.request('supervisor', 'PATCH', `/api/admin/devices/${tablets.unbound.id}`, {
      counterId: t.counter[3],
    });
    expect(await bound).toMatchObject({ counter: { number: 3 }, active: true });

    const off = once<FeedbackState>(tablet.socket, 'feedback:state');
    expect(
      (await t.request('supervisor', 'PATCH', '/api/admin/survey/settings', { tablet: false })).statusCode,
    ).toBe(200);
    expect(await off).toMatchObject({ counter: { number: 3 }, active: false });
    await serving('clerk2', 3, 'R');
    const silent = heard(tablet.socket, 'survey:ask');
    await act('clerk2', 3, 'finish');
    expect(await silent).toBe(false);
    await t.request('supervisor', 'PATCH', '/api/admin/survey/settings', { tablet: true });

    const gone = once(tablet.socket, 'disconnect');
    await t.request('supervisor', 'PATCH', `/api/admin/devices/${tablets.unbound.id}`, { revoked: true });
    await gone;
  });
});
