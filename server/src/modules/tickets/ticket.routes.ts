import {
  IdempotencyHeaders,
  IdParams,
  IssuedTicket,
  IssueTicketBody,
  PRINT_OUTCOME_WAIT_MS,
  PublicTicket,
  TicketCodeQuery,
  TicketPrint,
  TicketRecord,
} from '@numerek/shared';
import type { Config } from '../../config/config.ts';
import { SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { answerOnce } from '../../http/idempotent.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { TicketService } from './ticket.service.ts';
import type { IdempotencyService } from '../idempotency/idempotency.service.ts';

export function ticketRoutes(
  app: App,
  tickets: TicketService,
  config: Config,
  idempotency: IdempotencyService,
): void {
  const tags = ['tickets'];
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
        description:
          'A kiosk’s ticket is printed after it is issued; `print` is `pending` when the printer has not answered within PRINT_ANSWER_WAIT_MS, and GET /api/tickets/{id}/print tells the outcome later. With an Idempotency-Key, a retry of the same request answers the ticket already issued (and its print outcome as known by then), marked Idempotent-Replayed: true; nothing is issued or printed twice.',
        security: [{ deviceToken: [] }, { session: [] }],
        headers: IdempotencyHeaders,
        body: IssueTicketBody,
        response: created(IssuedTicket),
      },
    },
    (req, reply) =>
      answerOnce(
        idempotency,
        req,
        reply,
        201,
        (once) => tickets.issue(req.actor, req.body, once),
        // Which group a client declared is health data and is never stored, not even hashed
        // (a handful of groups would be easy to guess back): only that they declared one.
        ({ priorityGroupId, ...rest }: IssueTicketBody) => ({
          ...rest,
          priority: priorityGroupId !== undefined,
        }),
        (answer) => tickets.replayed(answer, req.actor),
      ),
  );
  app.get(
    '/api/tickets/:id/print',
    {
      config: { access: ['kiosk'] },
      schema: {
        tags,
        summary: 'Whether a kiosk’s own ticket printed',
        description: `Waits up to ${PRINT_OUTCOME_WAIT_MS / 1000} s while the print is pending, then answers \`pending\` again; ask again until it is \`printed\` or \`failed\`. Only the kiosk that issued the ticket may ask.`,
        security: [{ deviceToken: [] }],
        params: IdParams,
        response: ok(TicketPrint),
      },
    },
    (req) => tickets.printOutcome(req.actor, req.params.id),
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
      // Loaded with the first QR code drawn, not when the server starts.
      const { default: QRCode } = await import('qrcode');
      const svg = await QRCode.toString(await tickets.statusUrlOf(req.params.id), {
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
  app.get(
    '/api/admin/tickets',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Today’s ticket by its code: its full record, as by its id',
        querystring: TicketCodeQuery,
        response: ok(TicketRecord),
      },
    },
    (req) => tickets.recordByCode(userOf(req.actor).officeId, req.query.code),
  );
}
