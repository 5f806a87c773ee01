import {
  Booking,
  BookingConfirmBody,
  BookingOptions,
  BookingRequestCreate,
  BookingRequestStarted,
  BOOKINGS_PER_ADDRESS_PER_HOUR,
  IdParams,
} from '@numerek/shared';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import { CONFIRM_MINUTES, type BookingRequestService } from './booking-request.service.ts';

/** Bookings confirmed by e-mail: the page's options, the request that e-mails a code, the confirmation. */
export function bookingRequestRoutes(app: App, requests: BookingRequestService): void {
  const tags = ['bookings'];

  app.get(
    '/api/bookings/options',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'Whether bookings are confirmed by e-mail here, and for how long a code holds',
        response: ok(BookingOptions),
      },
    },
    () => requests.options(),
  );
  app.post(
    '/api/bookings/requests',
    {
      config: {
        access: ['public'],
        rateLimit: {
          max: BOOKINGS_PER_ADDRESS_PER_HOUR,
          timeWindow: 60 * 60_000,
          hook: 'preHandler',
          keyGenerator: (req) => `booking-request:${req.ip}`,
        },
      },
      schema: {
        tags,
        summary: 'Asks for a booking to confirm by e-mail: the slot is checked and a 6-digit code e-mailed',
        description: `Only where the office has a mail server (otherwise 409 BOOKING_UNAVAILABLE not_bookable; book with POST /api/bookings). The code holds ${CONFIRM_MINUTES} minutes; the slot is not held until the code is confirmed. 409 BOOKING_UNAVAILABLE says why the slot cannot be booked (confirm_required without an e-mail address); 409 CATEGORY_CLOSED no_counter when no active counter is set up to serve the category.`,
        body: BookingRequestCreate,
        response: created(BookingRequestStarted),
      },
    },
    async (req, reply) => reply.status(201).send(await requests.start(req.body)),
  );
  app.post(
    '/api/bookings/requests/:id/confirm',
    {
      config: {
        access: ['public'],
        rateLimit: {
          max: 20,
          timeWindow: 60 * 60_000,
          hook: 'preHandler',
          keyGenerator: (req) => `booking-confirm:${req.ip}`,
        },
      },
      schema: {
        tags,
        summary: 'Confirms a booking request with the e-mailed code: the booking is made and e-mailed',
        description:
          '409 BOOKING_CONFIRM_FAILED with `reason` wrong_code (`count`: tries left) or code_expired (expired, confirmed already, or mistyped five times); 409 BOOKING_UNAVAILABLE when the slot was taken meanwhile.',
        params: IdParams,
        body: BookingConfirmBody,
        response: created(Booking),
      },
    },
    async (req, reply) => reply.status(201).send(await requests.confirm(req.params.id, req.body.code)),
  );
}
