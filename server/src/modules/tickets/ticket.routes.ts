import QRCode from 'qrcode';
import {
  IdParams,
  PublicCategoriesQuery,
  QueueStatus,
  IssuedTicket,
  IssueTicketBody,
  PublicTicket,
  TicketRecord,
} from '@numerek/shared';
import type { Config } from '../../config/config.ts';
import { SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { TicketService } from './ticket.service.ts';
import type { OfficeService } from '../offices/office.service.ts';

export function ticketRoutes(app: App, tickets: TicketService, config: Config, offices: OfficeService): void {
  const tags = ['tickets'];
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
    (req) => tickets.queueStatus(offices.resolve(req.query.officeId, undefined).id),
  );
  app.post(
    '/api/tickets',
    {
      config: {
        access: ['kiosk', 'clerk'],
        rateLimit: {
          max: config.issueRatePerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (req) =>
            req.actor.kind === 'anonymous' ? `ip:${req.ip}` : `${req.actor.kind}:${req.actor.id}`,
        },
      },
      schema: {
        tags,
        summary: 'Issue a ticket (kiosk device token, or staff session)',
        security: [{ deviceToken: [] }, { session: [] }],
        body: IssueTicketBody,
        response: created(IssuedTicket),
      },
    },
    async (req, reply) => reply.status(201).send(await tickets.issue(req.actor, req.body)),
  );
  app.get(
    '/api/tickets/:id',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'A ticket’s state by its opaque id (the QR code)',
        params: IdParams,
        response: ok(PublicTicket),
      },
    },
    (req) => tickets.publicStatus(req.params.id),
  );
  app.get(
    '/api/tickets/:id/qr.svg',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'The QR code of a ticket’s status page, as SVG (for the kiosk screen)',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const svg = await QRCode.toString(tickets.statusUrlOf(req.params.id), {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
      });
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400, immutable')
        .send(svg);
    },
  );
  app.get(
    '/api/admin/tickets/:id',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'A ticket’s full record: events and the policy’s reasons',
        params: IdParams,
        response: ok(TicketRecord),
      },
    },
    (req) => tickets.record(userOf(req.actor).officeId, req.params.id),
  );
}
