import { Type } from 'typebox';
import {
  Category,
  CategoryCreate,
  CategoryPatch,
  PublicCategoriesQuery,
  PublicCategory,
} from '@numerek/shared';
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import { ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { OfficeService } from '../offices/office.service.ts';
import type { QueueStatusService } from '../queue/queue-status.service.ts';
import type { CategoryService } from './category.service.ts';

export function categoryRoutes(
  app: App,
  categories: CategoryService,
  queue: QueueStatusService,
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
    async (req) => queue.kioskCategories((await offices.resolveFor(req.query.officeId, req.actor)).id),
  );
  adminCrudRoutes(
    app,
    'categories',
    { item: Category, create: CategoryCreate, patch: CategoryPatch, tags },
    categories,
  );
}
