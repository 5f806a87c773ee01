import { DEFAULT_DISPLAY_SETTINGS, type Device, type DeviceWithPairingLink } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** A display's settings as the console edits them: the voice setting among them. */
describe('display settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  async function newDisplay(): Promise<DeviceWithPairingLink> {
    const res = await t.request('supervisor', 'POST', '/api/admin/devices', { kind: 'display', name: 'TV' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<DeviceWithPairingLink>();
  }
  const stored = (id: string) =>
    t.db.get<{ settings: string | null }>('SELECT settings FROM devices WHERE id = ?', [id]);

  it('speaks with the server’s voice by default, and a display set to the browser’s voice keeps it', async () => {
    const d = await newDisplay();
    const list = await t.request('supervisor', 'GET', '/api/admin/devices');
    expect(list.json<Device[]>().find((x) => x.id === d.id)?.settings?.voice).toBe('server');
    const res = await t.request('supervisor', 'PATCH', `/api/admin/devices/${d.id}`, {
      settings: { ...DEFAULT_DISPLAY_SETTINGS, voice: 'browser' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Device>().settings?.voice).toBe('browser');
  });

  it('refuses a voice it does not know with VALIDATION_FAILED and changes nothing', async () => {
    const d = await newDisplay();
    const before = await stored(d.id);
    for (const voice of ['cloud', '', null, 3]) {
      const res = await t.request('supervisor', 'PATCH', `/api/admin/devices/${d.id}`, {
        settings: { ...DEFAULT_DISPLAY_SETTINGS, voice },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await stored(d.id)).toEqual(before);
  });

  it('reads settings stored before the voice setting existed as the server’s voice', async () => {
    const d = await newDisplay();
    const { voice: _voice, ...older } = DEFAULT_DISPLAY_SETTINGS;
    await t.db.run('UPDATE devices SET settings = ? WHERE id = ?', [
      JSON.stringify({ ...older, repeat: 3 }),
      d.id,
    ]);
    const res = await t.request('supervisor', 'GET', '/api/admin/devices');
    const got = res.json<Device[]>().find((x) => x.id === d.id);
    expect(got?.settings).toMatchObject({ repeat: 3, voice: 'server' });
  });
});
