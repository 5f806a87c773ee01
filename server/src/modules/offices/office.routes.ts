import { Type } from 'typebox';
import {
  AuditEntry,
  IdParams,
  Office,
  OfficeCreate,
  OfficePatch,
  PolicySettingsPatch,
  PolicySettingsSchema,
} from '@numerek/shared';
import { ADMINS, SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import { toAuditEntry } from '../audit/audit.mapper.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { OfficeService } from './office.service.ts';

export function officeRoutes(app: App, offices: OfficeService, audit: AuditRepository): void {
  const tags = ['offices'];
  app.get(
    '/api/admin/offices',
    { config: { access: ADMINS }, schema: { tags, response: ok(Type.Array(Office)) } },
    () => offices.list(),
  );
  app.post(
    '/api/admin/offices',
    { config: { access: ADMINS }, schema: { tags, body: OfficeCreate, response: created(Office) } },
    async (req, reply) => reply.status(201).send(await offices.create(userOf(req.actor), req.body)),
  );
  app.patch(
    '/api/admin/offices/:id',
    {
      config: { access: ADMINS },
      schema: { tags, params: IdParams, body: OfficePatch, response: ok(Office) },
    },
    (req) => offices.update(userOf(req.actor), req.params.id, req.body),
  );
  app.get(
    '/api/admin/settings',
    {
      config: { access: SUPERVISORS },
      schema: { tags, summary: 'The office’s priority policy settings', response: ok(PolicySettingsSchema) },
    },
    (req) => offices.settings(userOf(req.actor).officeId),
  );
  app.patch(
    '/api/admin/settings',
    {
      config: { access: SUPERVISORS },
      schema: { tags, body: PolicySettingsPatch, response: ok(PolicySettingsSchema) },
    },
    (req) => offices.updateSettings(userOf(req.actor), req.body),
  );
  app.get(
    '/api/admin/audit',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Who changed what, and every call of a chosen ticket',
        querystring: Type.Object(
          {
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 1000, description: 'limit: 1 to 1000' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: ok(Type.Array(AuditEntry)),
      },
    },
    async (req) => (await audit.recent(userOf(req.actor).officeId, req.query.limit ?? 200)).map(toAuditEntry),
  );
}
