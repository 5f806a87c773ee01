import { Type } from 'typebox';
import {
  Category,
  CategoryCreate,
  CategoryPatch,
  IdParams,
  PublicCategoriesQuery,
  PublicCategory,
} from '@numerek/shared';
import { SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { OfficeService } from '../offices/office.service.ts';
import type { TicketService } from '../tickets/ticket.service.ts';
import type { CategoryService } from './category.service.ts';

export function categoryRoutes(
  app: App,
  categories: CategoryService,
  tickets: TicketService,
  offices: OfficeService,
): void {
  const tags = ['categories'];
  app.get(
    '/api/categories',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'Active categories as the kiosk shows them: open or closed, waiting, estimated wait',
        querystring: PublicCategoriesQuery,
        response: ok(Type.Array(PublicCategory)),
      },
    },
    (req) => {
      const callerOffice = req.actor.kind === 'anonymous' ? undefined : req.actor.officeId;
      return tickets.kioskCategories(offices.resolve(req.query.officeId, callerOffice).id);
    },
  );
  app.get(
    '/api/admin/categories',
    { config: { access: SUPERVISORS }, schema: { tags, response: ok(Type.Array(Category)) } },
    (req) => categories.list(userOf(req.actor).officeId),
  );
  app.post(
    '/api/admin/categories',
    { config: { access: SUPERVISORS }, schema: { tags, body: CategoryCreate, response: created(Category) } },
    async (req, reply) => reply.status(201).send(await categories.create(userOf(req.actor), req.body)),
  );
  app.patch(
    '/api/admin/categories/:id',
    {
      config: { access: SUPERVISORS },
      schema: { tags, params: IdParams, body: CategoryPatch, response: ok(Category) },
    },
    (req) => categories.update(userOf(req.actor), req.params.id, req.body),
  );
  app.delete(
    '/api/admin/categories/:id',
    { config: { access: SUPERVISORS }, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await categories.remove(userOf(req.actor), req.params.id);
      return reply.status(204).send();
    },
  );
}
