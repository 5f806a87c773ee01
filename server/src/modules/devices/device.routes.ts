import { Device, DeviceCreate, DevicePatch, DeviceSelf, DeviceWithToken } from '@numerek/shared';
import { ok } from '../../http/route-helpers.ts';
import { Type } from 'typebox';
import type { ConfigChanges } from './config-changes.ts';

/** Under the usual 30–60 s idle timeouts of proxies and browsers. */
const LONG_POLL_MS = 25_000;
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import type { App } from '../../http/types.ts';
import type { DeviceService } from './device.service.ts';

export function deviceRoutes(
  app: App,
  devices: DeviceService,
  self: (deviceId: string) => DeviceSelf,
  changes: ConfigChanges,
): void {
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
  app.get(
    '/api/devices/me/changes',
    {
      config: { access: ['kiosk', 'display'] },
      schema: {
        tags,
        summary:
          'Long poll: answers when the office’s configuration changes (or after 25 s) with its version',
        querystring: Type.Object(
          { since: Type.Integer({ minimum: -1, description: 'since: the version the device has, or -1' }) },
          { additionalProperties: false },
        ),
        response: ok(Type.Object({ version: Type.Integer() })),
      },
    },
    async (req) => {
      if (req.actor.kind !== 'device') throw new Error('unreachable: access allows devices only');
      const gone = new AbortController();
      req.raw.once('close', () => gone.abort());
      return { version: await changes.wait(req.actor.officeId, req.query.since, LONG_POLL_MS, gone.signal) };
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
