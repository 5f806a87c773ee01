import { Type } from 'typebox';
import { CategoryWaitNow, PublicCategoriesQuery, QueueStatus } from '@numerek/shared';
import { SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
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
  app.get(
    '/api/admin/queue/waiting',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['categories'],
        summary: 'Per category, how many wait now and the longest wait so far (the console’s dashboard)',
        description:
          'Both over the same tickets: the category’s queue and the tickets transferred to one counter. A booked ticket’s wait counts from its slot’s start. longestWaitMinutes is null exactly when nobody waits.',
        response: ok(Type.Array(CategoryWaitNow)),
      },
    },
    async (req) => queue.waitingNow(userOf(req.actor).officeId),
  );
}
