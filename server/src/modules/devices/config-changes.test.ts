import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('a device waiting for configuration changes', () => {
  it('answers at once with the current version, then waits until the console changes something', async () => {
    const first = await t.request('kiosk', 'GET', '/api/devices/me/changes?since=-1');
    expect(first.statusCode).toBe(200);
    const { version } = first.json() as { version: number };
    let answered = false;
    const waiting = t.request('kiosk', 'GET', `/api/devices/me/changes?since=${version}`).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    await t.request('supervisor', 'PATCH', `/api/admin/categories/${t.category.A}`, { dailyLimit: 10 });
    const res = await waiting;
    expect(res.json()).toEqual({ version: version + 1 });
  });

  it('is only for paired devices, and only in their office', async () => {
    expect((await t.request('anonymous', 'GET', '/api/devices/me/changes?since=-1')).statusCode).toBe(401);
    expect((await t.request('clerk', 'GET', '/api/devices/me/changes?since=-1')).statusCode).toBe(403);
    expect((await t.request('display', 'GET', '/api/devices/me/changes?since=x')).statusCode).toBe(400);
  });
});
