import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  Booking,
  BookingCategoryQuery,
  BookingCreate,
  BookingDay,
  BookingDayPlan,
  BookingDayQuery,
  BookingExportQuery,
  BookingFeed,
  BookingFeedParams,
  BookingOfficeSettings,
  BookingOfficeSettingsPatch,
  BookingSettings,
  BookingSettingsPatch,
  BookingSlots,
  BookingSlotsQuery,
  BOOKINGS_PER_ADDRESS_PER_HOUR,
  CheckInBody,
  CheckInOptions,
  ErrorResponse,
  IdParams,
  IssuedTicket,
  PortalBookingBody,
  PortalChanges,
  PortalChangesQuery,
  PortalIdParams,
  PortalImportResult,
} from '@numerek/shared';
import type { Actor } from '../../actor.ts';
import { ADMINS, SUPERVISORS, type Access } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { AppError } from '../../lib/app-error.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { BookingService, PortalActor } from './booking.service.ts';

/** The import API: the office's portal with its own device token, or an administrator. */
const PORTAL: Access[] = [...ADMINS, 'portal'];

function portalOf(actor: Actor): PortalActor {
  if (actor.kind === 'user') return actor;
  if (actor.kind === 'device' && actor.deviceKind === 'portal') return { ...actor, deviceKind: 'portal' };
  throw new AppError('UNAUTHENTICATED', 'Sign in, or use the portal’s device token, to do this.');
}

// A file, not JSON: the reply is sent here, past the route's typed 200 (it has none).
function sendFile(reply: FastifyReply, type: string, body: string, filename?: string): void {
  void reply.header('content-type', type);
  if (filename !== undefined) void reply.header('content-disposition', `attachment; filename="${filename}"`);
  void reply.send(body);
}

/** Bookings (docs/decisions/0033-bookings.md): public booking, the kiosk's check-in, the console and the portal. */
export function bookingRoutes(app: App, bookings: BookingService): void {
  const tags = ['bookings'];
  const portalTags = ['bookings import'];

  // ---- public ----
  app.get(
    '/api/bookings/days',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'The days a category can be booked on, with their free places',
        description:
          '409 BOOKING_UNAVAILABLE not_bookable when the category takes no bookings; 409 CATEGORY_CLOSED no_counter when no active counter is set up to serve it.',
        querystring: BookingCategoryQuery,
        response: ok(Type.Array(BookingDay)),
      },
    },
    (req) => bookings.days(req.query.categoryId),
  );
  app.get(
    '/api/bookings/slots',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'A day’s free slots of a category',
        description:
          '409 BOOKING_UNAVAILABLE not_bookable when the category takes no bookings; 409 CATEGORY_CLOSED no_counter when no active counter is set up to serve it.',
        querystring: BookingSlotsQuery,
        response: ok(BookingSlots),
      },
    },
    (req) => bookings.slots(req.query.categoryId, req.query.day),
  );
  app.post(
    '/api/bookings',
    {
      config: {
        access: ['public'],
        // Against someone booking every slot: a few bookings per address an hour, and per contact
        // at most BOOKINGS_PER_CONTACT live ones (checked by the service).
        rateLimit: {
          max: BOOKINGS_PER_ADDRESS_PER_HOUR,
          timeWindow: 60 * 60_000,
          hook: 'preHandler',
          keyGenerator: (req) => `booking:${req.ip}`,
        },
      },
      schema: {
        tags,
        summary: 'Books a free slot: answers the 6-digit code for the kiosk and the link to see or cancel it',
        description:
          'No name and no PESEL: at most an e-mail address or a phone number (required where the office says so). 409 BOOKING_UNAVAILABLE says why a slot cannot be booked (`reason`: not_bookable, not_a_slot, slot_full, contact_required, contact_limit; confirm_required where the office confirms bookings by e-mail: see /api/bookings/requests); 409 CATEGORY_CLOSED no_counter when no active counter is set up to serve the category, as a kiosk is told; 429 after BOOKINGS_PER_ADDRESS_PER_HOUR bookings from one address in an hour.',
        body: BookingCreate,
        response: created(Booking),
      },
    },
    async (req, reply) => reply.status(201).send(await bookings.book(req.body)),
  );
  app.get(
    '/api/bookings/:id',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'A booking, by the id its link holds',
        params: IdParams,
        response: ok(Booking),
      },
    },
    (req) => bookings.get(req.params.id),
  );
  app.delete(
    '/api/bookings/:id',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'Cancels a booking, by the id its link holds; cancelling it again changes nothing',
        params: IdParams,
        response: ok(Booking),
      },
    },
    (req) => bookings.cancel(req.params.id),
  );

  app.get(
    '/api/bookings/feed/:token',
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'A category’s bookings as an iCalendar feed (RFC 5545), by its secret address',
        description:
          'For a calendar application, which has no session: the address a supervisor made with POST /api/admin/bookings/calendar/:id/feed. No contacts. An address that was replaced, or never made, is not found.',
        params: BookingFeedParams,
        response: { '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const ics = await bookings.calendarByFeed(req.params.token);
      void reply.header('cache-control', 'private, max-age=300');
      sendFile(reply, 'text/calendar; charset=utf-8', ics);
    },
  );

  // ---- the kiosk ----
  app.post(
    '/api/bookings/check-in',
    {
      config: { access: ['kiosk'] },
      schema: {
        tags,
        summary: 'A kiosk checks a booking in with its code and gets its ticket',
        description:
          'With the booking’s `code`, or with `phone` (the number given when booking; its ending is enough) where the office allows it (else 409 CHECK_IN_REFUSED `phone_not_allowed`). Inside the window (by default 30 minutes before the slot to 5 after) the answer is the ticket, which waits from the slot’s time (`bookedFor`). Outside it 409 CHECK_IN_REFUSED with `reason` too_early or too_late and `time` (the slot), and the kiosk offers a normal ticket; an unknown code is `unknown_code`. Three unknown codes in a row make that kiosk wait (429 RATE_LIMITED, `retryAfterSeconds`), not the office’s other kiosks.',
        security: [{ deviceToken: [] }],
        body: CheckInBody,
        response: created(IssuedTicket),
      },
    },
    async (req, reply) => reply.status(201).send(await bookings.checkIn(req.actor, req.body)),
  );
  app.get(
    '/api/bookings/check-in/options',
    {
      config: { access: ['kiosk'] },
      schema: {
        tags,
        summary:
          'What the kiosk’s check-in offers: the code, and the phone number where the office allows it',
        security: [{ deviceToken: [] }],
        response: ok(CheckInOptions),
      },
    },
    (req) => {
      if (req.actor.kind !== 'device') throw new AppError('FORBIDDEN', 'Only a kiosk asks this.');
      return bookings.checkInOptions(req.actor.officeId);
    },
  );

  // ---- the console ----
  app.get(
    '/api/admin/bookings/settings',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Every category’s booking capacity and rules',
        response: ok(Type.Array(BookingSettings)),
      },
    },
    (req) => bookings.settingsList(userOf(req.actor).officeId),
  );
  app.get(
    '/api/admin/bookings/office',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'The office’s booking rules that are not a category’s (check-in by phone number)',
        response: ok(BookingOfficeSettings),
      },
    },
    (req) => bookings.officeSettings(userOf(req.actor).officeId),
  );
  app.patch(
    '/api/admin/bookings/office',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Sets whether clients may check in at the kiosk with the phone number given when booking',
        body: BookingOfficeSettingsPatch,
        response: ok(BookingOfficeSettings),
      },
    },
    (req) => bookings.updateOfficeSettings(userOf(req.actor), req.body),
  );
  app.patch(
    '/api/admin/bookings/settings/:id',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Sets a category’s booking capacity and rules (the id is the category’s)',
        params: IdParams,
        body: BookingSettingsPatch,
        response: ok(BookingSettings),
      },
    },
    (req) => bookings.updateSettings(userOf(req.actor), req.params.id, req.body),
  );
  app.get(
    '/api/admin/bookings',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'A day’s booked slots per category, and its bookings',
        querystring: BookingDayQuery,
        response: ok(BookingDayPlan),
      },
    },
    (req) => bookings.dayPlan(userOf(req.actor).officeId, req.query.day, req.query.categoryId),
  );
  app.get(
    '/api/admin/bookings/export',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'The bookings between two days as CSV (UTF-8 with BOM, `;`, CRLF)',
        querystring: BookingExportQuery,
        response: { '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const { from, to, categoryId } = req.query;
      const csv = await bookings.csv(userOf(req.actor).officeId, from, to, categoryId);
      sendFile(reply, 'text/csv; charset=utf-8', csv, `numerek-bookings-${from}_${to}.csv`);
    },
  );
  app.get(
    '/api/admin/bookings/calendar/:id',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'A category’s bookings from today on as an iCalendar feed (RFC 5545)',
        params: IdParams,
        response: { '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const ics = await bookings.calendar(userOf(req.actor).officeId, req.params.id);
      sendFile(reply, 'text/calendar; charset=utf-8', ics);
    },
  );

  app.post(
    '/api/admin/bookings/calendar/:id/feed',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'Makes a category’s secret calendar feed address anew; the previous one stops working',
        description:
          'The address is shown only now (only a hash of its secret is kept): a calendar application subscribes to it without a session.',
        params: IdParams,
        response: created(BookingFeed),
      },
    },
    async (req, reply) => reply.status(201).send(await bookings.renewFeed(userOf(req.actor), req.params.id)),
  );

  // ---- the office's own booking portal ----
  app.put(
    '/api/admin/bookings/portal/:portalId',
    {
      config: { access: PORTAL },
      schema: {
        tags: portalTags,
        security: [{ deviceToken: [] }, { session: [] }],
        summary: 'Creates or moves the booking the portal knows by its own id',
        description:
          'The portal signs in with its own token (a device of kind `portal` made in the console and paired with POST /api/devices/pair), or an administrator with a session. The portal keeps its own capacity: a full slot is not refused. Sending the same booking again changes nothing (`changed: false`); a booking checked in, missed or cancelled is not moved (409 BOOKING_UNAVAILABLE, `not_live`).',
        params: PortalIdParams,
        body: PortalBookingBody,
        response: ok(PortalImportResult),
      },
    },
    (req) => bookings.importFromPortal(portalOf(req.actor), req.params.portalId, req.body),
  );
  app.delete(
    '/api/admin/bookings/portal/:portalId',
    {
      config: { access: PORTAL },
      schema: {
        tags: portalTags,
        security: [{ deviceToken: [] }, { session: [] }],
        summary: 'Cancels the portal’s booking; cancelling it again changes nothing',
        params: PortalIdParams,
        response: ok(PortalImportResult),
      },
    },
    (req) => bookings.cancelFromPortal(portalOf(req.actor), req.params.portalId),
  );
  app.get(
    '/api/admin/bookings/portal',
    {
      config: { access: PORTAL },
      schema: {
        tags: portalTags,
        security: [{ deviceToken: [] }, { session: [] }],
        summary: 'The portal’s bookings changed since a time: check-ins, no-shows, cancellations, moves',
        querystring: PortalChangesQuery,
        response: ok(PortalChanges),
      },
    },
    async (req) => ({
      bookings: await bookings.portalChanges(portalOf(req.actor).officeId, req.query.since),
    }),
  );
}
