import { createTestApp, type TestApp } from '@numerek/server/testing';
import { TEXT_LIMITS, type AuditEntry, type Device } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A supervisor renames a kiosk ("Kiosk 1" → "Kiosk przy wejściu"): the name is stored without the
 * spaces around it, the audit log says who changed it from what to what, and a name the list could
 * not show (empty, spaces only, too long, with a NUL) or a revoked device's is refused with a code
 * that names the field. On SQLite and on PostgreSQL.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const rename = (id: string, name: unknown) =>
  t.request('supervisor', 'PATCH', `/api/admin/devices/${id}`, { name });
const listedName = async (id: string) =>
  (await t.request('supervisor', 'GET', '/api/admin/devices')).json<Device[]>().find((d) => d.id === id)
    ?.name;
const refusal = async (res: Promise<{ statusCode: number; json<T>(): T }>) => {
  const r = await res;
  return { status: r.statusCode, ...r.json<{ error: { code: string; params?: object } }>().error };
};

describe('renaming a device', () => {
  it('stores the new name without the spaces around it and audits the change from and to', async () => {
    const kiosk = await t.newDevice('kiosk', 'Kiosk 1');
    const res = await rename(kiosk.id, '  Kiosk przy wejściu ');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Device>().name).toBe('Kiosk przy wejściu');
    expect(await listedName(kiosk.id)).toBe('Kiosk przy wejściu');

    const audit = (await t.request('supervisor', 'GET', '/api/admin/audit?limit=50')).json<AuditEntry[]>();
    const entry = audit.find(
      (a) => a.entity === 'device' && a.entityId === kiosk.id && a.action === 'update',
    );
    expect(entry).toMatchObject({
      userId: t.userId.supervisor,
      data: { fields: ['name'], name: { from: 'Kiosk 1', to: 'Kiosk przy wejściu' } },
    });
  });

  it('refuses an empty name, one of spaces only, one too long and one with a NUL, naming the field', async () => {
    const display = await t.newDevice('display', 'Monitor hol');
    expect(await refusal(rename(display.id, ''))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      params: { field: 'name', reason: 'empty' },
    });
    expect(await refusal(rename(display.id, ' \t  '))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      params: { field: 'name', reason: 'empty' },
    });
    expect(await refusal(rename(display.id, 'M'.repeat(TEXT_LIMITS.deviceName + 1)))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      params: { field: 'name', reason: 'too_long', limit: TEXT_LIMITS.deviceName },
    });
    expect(await refusal(rename(display.id, 'Monitor\u0000hol'))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      params: { field: 'name', reason: 'nul_character' },
    });
    // The longest name taken is taken whole.
    const longest = 'M'.repeat(TEXT_LIMITS.deviceName);
    expect((await rename(display.id, longest)).statusCode).toBe(200);
    expect(await listedName(display.id)).toBe(longest);
  });

  it('a new device named with spaces only is refused the same way', async () => {
    const res = await t.request('supervisor', 'POST', '/api/admin/devices', { kind: 'kiosk', name: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: object }>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      params: { field: 'name', reason: 'empty' },
    });
  });

  it('refuses to rename a revoked device, which keeps its name', async () => {
    const tablet = await t.newDevice('feedback', 'Tablet 2');
    expect(
      (await t.request('supervisor', 'PATCH', `/api/admin/devices/${tablet.id}`, { revoked: true }))
        .statusCode,
    ).toBe(200);
    expect(await refusal(rename(tablet.id, 'Tablet przy okienku 2'))).toMatchObject({
      status: 409,
      code: 'ILLEGAL_TRANSITION',
      params: { field: 'name', reason: 'device_revoked' },
    });
    expect(await listedName(tablet.id)).toBe('Tablet 2');
  });

  it('a device removed meanwhile is not found; a clerk may not rename', async () => {
    const kiosk = await t.newDevice('kiosk', 'Kiosk zapasowy');
    expect((await t.request('supervisor', 'DELETE', `/api/admin/devices/${kiosk.id}`)).statusCode).toBe(204);
    expect(await refusal(rename(kiosk.id, 'Kiosk 3'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const other = await t.newDevice('kiosk', 'Kiosk 4');
    const res = await t.request('clerk', 'PATCH', `/api/admin/devices/${other.id}`, { name: 'Mój kiosk' });
    expect(res.statusCode).toBe(403);
    expect(await listedName(other.id)).toBe('Kiosk 4');
  });
});
