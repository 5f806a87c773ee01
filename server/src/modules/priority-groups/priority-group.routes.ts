import { Type } from 'typebox';
import {
  IdParams,
  PriorityGroup,
  PriorityGroupCreate,
  PriorityGroupPatch,
  PublicCategoriesQuery,
  PublicPriorityGroup,
} from '@numerek/shared';
import { SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { OfficeService } from '../offices/office.service.ts';
import type { PriorityGroupService } from './priority-group.service.ts';

export function priorityGroupRoutes(app: App, groups: PriorityGroupService, offices: OfficeService): void {
  const tags = ['priority groups'];
  app.get(
    '/api/priority-groups',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'Active priority groups for the kiosk (no weights)',
        querystring: PublicCategoriesQuery,
        response: ok(Type.Array(PublicPriorityGroup)),
      },
    },
    (req) => {
      const callerOffice = req.actor.kind === 'anonymous' ? undefined : req.actor.officeId;
      return groups.listPublic(offices.resolve(req.query.officeId, callerOffice).id);
    },
  );
  app.get(
    '/api/admin/priority-groups',
    { config: { access: SUPERVISORS }, schema: { tags, response: ok(Type.Array(PriorityGroup)) } },
    (req) => groups.list(userOf(req.actor).officeId),
  );
  app.post(
    '/api/admin/priority-groups',
    {
      config: { access: SUPERVISORS },
      schema: { tags, body: PriorityGroupCreate, response: created(PriorityGroup) },
    },
    async (req, reply) => reply.status(201).send(await groups.create(userOf(req.actor), req.body)),
  );
  app.patch(
    '/api/admin/priority-groups/:id',
    {
      config: { access: SUPERVISORS },
      schema: { tags, params: IdParams, body: PriorityGroupPatch, response: ok(PriorityGroup) },
    },
    (req) => groups.update(userOf(req.actor), req.params.id, req.body),
  );
  app.delete(
    '/api/admin/priority-groups/:id',
    { config: { access: SUPERVISORS }, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await groups.remove(userOf(req.actor), req.params.id);
      return reply.status(204).send();
    },
  );
}
