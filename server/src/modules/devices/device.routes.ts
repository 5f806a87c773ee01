import {
  ConfigVersion,
  Device,
  DeviceCreate,
  DevicePairBody,
  DevicePaired,
  DevicePatch,
  DeviceSelf,
  DeviceWithPairingLink,
  IdParams,
  NewPairingLinkBody,
} from '@numerek/shared';
import { Type } from 'typebox';
import type { Config } from '../../config/config.ts';
import { SUPERVISORS } from '../../http/actor.ts';
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { ConfigChanges } from './config-changes.ts';
import type { DeviceService } from './device.service.ts';

/** Under the usual 30–60 s idle timeouts of proxies and browsers. */
const LONG_POLL_MS = 25_000;

export function deviceRoutes(
  app: App,
  devices: DeviceService,
  self: (deviceId: string) => Promise<DeviceSelf>,
  changes: ConfigChanges,
  config: Config,
): void {
  const tags = ['devices'];
  app.post(
    '/api/devices/pair',
    {
      config: {
        access: ['public'],
        // Anyone may call it, so it is throttled like sign-in; a code has 256 random bits, so
        // throttling is about load: guessing one is hopeless at any rate.
        rateLimit: { max: config.loginRatePerMinute, timeWindow: 60_000, keyGenerator: (req) => req.ip },
      },
      schema: {
        tags,
        summary:
          'A kiosk or display uses its pairing link’s code, once and within 24 hours, and gets its own token',
        body: DevicePairBody,
        response: ok(DevicePaired),
      },
    },
    (req) => devices.pair(req.body.code),
  );
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
        response: ok(ConfigVersion),
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
      createdItem: DeviceWithPairingLink,
      tags,
      summaries: {
        create: 'Create a kiosk or display; its pairing link (valid once, for 24 hours) is shown only now',
        patch: 'Rename, assign a printer, change display settings, or revoke',
      },
    },
    devices,
  );
  app.post(
    '/api/admin/devices/:id/pairing',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary:
          'A new pairing link for a device (valid once, for 24 hours); its current token works until the link is used',
        params: IdParams,
        body: NewPairingLinkBody,
        response: created(DeviceWithPairingLink),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await devices.newPairingLink(userOf(req.actor), req.params.id)),
  );
}
