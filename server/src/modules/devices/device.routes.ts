import { Device, DeviceCreate, DevicePatch, DeviceSelf, DeviceWithToken } from '@numerek/shared';
import { ok } from '../../http/route-helpers.ts';
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import type { App } from '../../http/types.ts';
import type { DeviceService } from './device.service.ts';

export function deviceRoutes(app: App, devices: DeviceService, self: (deviceId: string) => DeviceSelf): void {
  const tags = ['devices'];
  app.get(
    '/api/devices/me',
    {
      config: { access: ['kiosk', 'display'] },
      schema: {
        tags,
        summary: 'A paired kiosk or display checks its token and learns its office and printer',
        response: ok(DeviceSelf),
      },
    },
    (req) => {
      if (req.actor.kind !== 'device') throw new Error('unreachable: access allows devices only');
      return self(req.actor.id);
    },
  );
  adminCrudRoutes(
    app,
    'devices',
    {
      item: Device,
      create: DeviceCreate,
      patch: DevicePatch,
      createdItem: DeviceWithToken,
      tags,
      summaries: {
        create: 'Create a kiosk or display; the token and pairing link are shown only now',
        patch: 'Rename, assign a printer, change display settings, or revoke',
      },
    },
    devices,
  );
}
