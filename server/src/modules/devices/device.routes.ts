import { Type } from 'typebox';
import { Device, DeviceCreate, DevicePatch, DeviceSelf, DeviceWithToken, IdParams } from '@numerek/shared';
import { SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
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
  app.get(
    '/api/admin/devices',
    { config: { access: SUPERVISORS }, schema: { tags, response: ok(Type.Array(Device)) } },
    (req) => devices.list(userOf(req.actor).officeId),
  );
  app.post(
    '/api/admin/devices',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Create a kiosk or display; the token and pairing link are shown only now',
        body: DeviceCreate,
        response: created(DeviceWithToken),
      },
    },
    async (req, reply) => reply.status(201).send(await devices.create(userOf(req.actor), req.body)),
  );
  app.patch(
    '/api/admin/devices/:id',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Rename, assign a printer, or revoke',
        params: IdParams,
        body: DevicePatch,
        response: ok(Device),
      },
    },
    (req) => devices.update(userOf(req.actor), req.params.id, req.body),
  );
  app.delete(
    '/api/admin/devices/:id',
    { config: { access: SUPERVISORS }, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await devices.remove(userOf(req.actor), req.params.id);
      return reply.status(204).send();
    },
  );
}
