import { Type } from 'typebox';
import {
  AuditEntry,
  IdParams,
  Office,
  OfficeAdminCreate,
  OfficeCreate,
  OfficePatch,
  PolicySettingsPatch,
  PolicySettingsSchema,
  User,
} from '@numerek/shared';
import { CENTRAL, SUPERVISORS, type Access } from '../../http/actor.ts';
import { accountOf, centralOf, userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import { toAuditEntry } from '../audit/audit.mapper.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { UserService } from '../users/user.service.ts';
import type { OfficeService } from './office.service.ts';

/** An office's administrator (for their own office) and the central administrator (for every office). */
const OFFICE_ADMINS: Access[] = ['admin', 'central'];

export function officeRoutes(
  app: App,
  offices: OfficeService,
  audit: AuditRepository,
  users: UserService,
): void {
  const tags = ['offices'];
  app.get(
    '/api/admin/offices',
    {
      config: { access: OFFICE_ADMINS },
      schema: {
        tags,
        summary:
          'The offices: all of them for the central administrator, one’s own for an office’s administrator',
        response: ok(Type.Array(Office)),
      },
    },
    (req) => offices.listFor(accountOf(req.actor)),
  );
  app.post(
    '/api/admin/offices',
    {
      config: { access: CENTRAL },
      schema: {
        tags,
        summary: 'Create an office (central administrator)',
        body: OfficeCreate,
        response: created(Office),
      },
    },
    async (req, reply) => reply.status(201).send(await offices.create(centralOf(req.actor), req.body)),
  );
  app.patch(
    '/api/admin/offices/:id',
    {
      config: { access: OFFICE_ADMINS },
      schema: {
        tags,
        summary: 'Rename an office or change its time zone (one’s own; any, for the central administrator)',
        params: IdParams,
        body: OfficePatch,
        response: ok(Office),
      },
    },
    (req) => offices.update(accountOf(req.actor), req.params.id, req.body),
  );
  app.get(
    '/api/admin/offices/:id/admins',
    {
      config: { access: CENTRAL },
      schema: {
        tags,
        summary: 'An office’s administrators (central administrator)',
        params: IdParams,
        response: ok(Type.Array(User)),
      },
    },
    (req) => users.listOfficeAdmins(req.params.id),
  );
  app.post(
    '/api/admin/offices/:id/admins',
    {
      config: { access: CENTRAL },
      schema: {
        tags,
        summary: 'Make an administrator of an office, its first or another (central administrator)',
        description:
          'The account must choose its own password at first sign-in. A user name is unique in the whole installation: one taken in any office is 409 ALREADY_EXISTS.',
        params: IdParams,
        body: OfficeAdminCreate,
        response: created(User),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await users.createOfficeAdmin(centralOf(req.actor), req.params.id, req.body)),
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
