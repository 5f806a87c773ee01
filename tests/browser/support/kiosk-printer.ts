import type { FakePrinter } from '@numerek/hardware';
import type { TestApp } from '@numerek/server/testing';
import { expect } from 'vitest';

/**
 * Adds a printer at the fake printer's address (an administrator's action) and gives it to the
 * sample kiosk; `detach` gives the kiosk back to the virtual printer.
 */
export async function giveKioskPrinter(
  t: TestApp,
  fake: FakePrinter,
  settings: { maxJobAgeSeconds?: number } = {},
): Promise<{ detach(): Promise<void> }> {
  const created = await t.request('admin', 'POST', '/api/admin/printers', {
    name: 'Drukarka w holu',
    connection: fake.connection,
    codePage: 'cp852',
    paperWidth: 80,
    ...settings,
  });
  expect(created.statusCode, created.body).toBe(201);
  const kioskId = (await t.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>().id;
  const assign = (printerId: string | null) =>
    t.request('supervisor', 'PATCH', `/api/admin/devices/${kioskId}`, { printerId });
  expect((await assign(created.json<{ id: string }>().id)).statusCode).toBe(200);
  return {
    detach: async () => {
      await assign(null);
    },
  };
}
