import { PublicCategoriesQuery, QueueStatus } from '@numerek/shared';
import { ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { OfficeService } from '../offices/office.service.ts';
import type { QueueStatusService } from './queue-status.service.ts';

export function queueRoutes(app: App, queue: QueueStatusService, offices: OfficeService): void {
  app.get(
    '/api/public/queue-status',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['public'],
        summary: 'Queue status per category for an office’s website (open data)',
        querystring: PublicCategoriesQuery,
        response: ok(QueueStatus),
      },
    },
    async (req) => queue.queueStatus((await offices.resolve(req.query.officeId, undefined)).id),
  );
}
