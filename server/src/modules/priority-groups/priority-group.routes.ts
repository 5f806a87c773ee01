import { Type } from 'typebox';
import {
  PriorityGroup,
  PriorityGroupCreate,
  PriorityGroupPatch,
  PublicCategoriesQuery,
  PublicPriorityGroup,
} from '@numerek/shared';
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import { ok } from '../../http/route-helpers.ts';
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
    async (req) => groups.listPublic((await offices.resolveFor(req.query.officeId, req.actor)).id),
  );
  adminCrudRoutes(
    app,
    'priority-groups',
    { item: PriorityGroup, create: PriorityGroupCreate, patch: PriorityGroupPatch, tags },
    groups,
  );
}
