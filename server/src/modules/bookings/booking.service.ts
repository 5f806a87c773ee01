import { randomInt } from 'node:crypto';
import type {
  Booking,
  BookingCreate,
  BookingFeed,
  BookingOfficeSettings,
  BookingOfficeSettingsPatch,
  BookingDay,
  BookingDayPlan,
  BookingSettings,
  BookingSettingsPatch,
  BookingSlots,
  Category,
  CheckInBody,
  CheckInOptions,
  IssuedTicket,
  Language,
  Office,
  PortalBookingBody,
  PortalImportResult,
  StaffBooking,
} from '@numerek/shared';
import { BOOKINGS_PER_CONTACT, CHECK_IN_PAUSE_SECONDS, CHECK_IN_WRONG_CODES } from '@numerek/shared';
import type { Actor, DeviceActor, UserActor } from '../../actor.ts';
import { officeLock } from '../../db/write-queue.ts';
import { AppError, notFound } from '../../lib/app-error.ts';
import { hashToken, newId, newToken } from '../../lib/ids.ts';
import { addDays, clockOf, localTime, serviceDay, zonedInstant } from '../../lib/office-time.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { CategoryRepository } from '../categories/category.repository.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import { noCounterFor } from '../categories/category-refusals.ts';
import type { TicketService } from '../tickets/ticket.service.ts';
import { checkInWindow, daySlots, newBookingCode, type PlannedSlot } from './booking-slots.ts';
import { bookingsCsv } from './booking-csv.ts';
import { bookingsCalendar } from './booking-ical.ts';
import type { BookingRow, BookingRepository } from './booking.repository.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * Bookings (docs/decisions/0033-bookings.md): the capacity a supervisor sets per category, the
 * public booking of a slot, the import from an office's own portal, the kiosk's check-in and the
 * no-shows. The ticket a check-in gives is issued by the tickets module, in the same write.
 */
export class BookingService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly bookings: BookingRepository,
    private readonly categories: CategoryRepository,
    private readonly offices: OfficeRepository,
    private readonly tickets: TicketService,
    /**
     * Whether public bookings are confirmed by an e-mailed code (decision 0034): then a booking
     * holds only through a confirmed request, and the one-step booking is refused.
     */
    private readonly emailConfirmation = false,
  ) {}

  // ---- settings (supervisors) ----

  /** Every category of the office with its booking settings (the defaults where never set). */
  async settingsList(officeId: string): Promise<BookingSettings[]> {
    const stored = new Map((await this.bookings.settingsOf(officeId)).map((s) => [s.categoryId, s]));
    const out: BookingSettings[] = [];
    for (const c of await this.categories.list(officeId))
      out.push(stored.get(c.id) ?? (await this.bookings.settings(c.id)));
    return out;
  }

  async updateSettings(
    actor: UserActor,
    categoryId: string,
    patch: BookingSettingsPatch,
  ): Promise<BookingSettings> {
    return this.ctx.writes.write(
      async () => {
        const category = await this.categories.find(categoryId);
        if (!category || category.officeId !== actor.officeId) throw notFound(`Category ${categoryId}`);
        const next = { ...(await this.bookings.settings(categoryId)), ...patch, categoryId };
        if (next.daysAhead < next.daysFrom) {
          throw new AppError(
            'VALIDATION_FAILED',
            'The last bookable day (daysAhead) cannot come before the first (daysFrom).',
            { field: 'daysAhead' },
          );
        }
        await this.bookings.saveSettings(actor.officeId, next);
        await this.ctx.audit(actor, 'update', 'booking_settings', categoryId, { ...patch });
        // The queue's rules for booked tickets changed: every node reads them again, and the
        // kiosks their check-in.
        this.ctx.events.add('config.changed', {
          officeId: actor.officeId,
          entity: 'category',
          id: categoryId,
        });
        return next;
      },
      { lock: officeLock(actor.officeId) },
    );
  }

  /** The office's booking rules that are not a category's (check-in by phone number). */
  officeSettings(officeId: string): Promise<BookingOfficeSettings> {
    return this.bookings.officeSettings(officeId);
  }

  async updateOfficeSettings(
    actor: UserActor,
    patch: BookingOfficeSettingsPatch,
  ): Promise<BookingOfficeSettings> {
    return this.ctx.writes.write(
      async () => {
        const next = { ...(await this.bookings.officeSettings(actor.officeId)), ...patch };
        await this.bookings.saveOfficeSettings(actor.officeId, next);
        await this.ctx.audit(actor, 'update', 'booking_office_settings', actor.officeId, { ...patch });
        // The kiosks fetch their check-in options again.
        this.ctx.events.add('config.changed', {
          officeId: actor.officeId,
          entity: 'settings',
          id: actor.officeId,
        });
        return next;
      },
      { lock: officeLock(actor.officeId) },
    );
  }

  /** What the kiosk's check-in offers: the code always, the phone number where the office allows it. */
  async checkInOptions(officeId: string): Promise<CheckInOptions> {
    return { phone: (await this.bookings.officeSettings(officeId)).phoneCheckIn };
  }

  // ---- public booking ----

  /** The days a category can be booked on, from its first to its last, with their free places. */
  async days(categoryId: string): Promise<BookingDay[]> {
    const { category, office, settings } = await this.bookable(categoryId);
    const now = this.ctx.clock.now();
    const today = serviceDay(now, office.timeZone);
    const from = addDays(today, settings.daysFrom);
    const to = addDays(today, settings.daysAhead);
    const taken = await this.bookings.takenPerDay(category.id, from, to);
    const out: BookingDay[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const free = this.freeSlots(category, office, settings, day, taken.get(day) ?? new Map(), now).reduce(
        (n, s) => n + s.free,
        0,
      );
      out.push({ day, free });
    }
    return out;
  }

  /** A day's slots of a category with their free places (none for a day outside the bookable ones). */
  async slots(categoryId: string, day: string): Promise<BookingSlots> {
    const { category, office, settings } = await this.bookable(categoryId);
    const now = this.ctx.clock.now();
    const taken = this.inRange(office, settings, day, now)
      ? await this.bookings.takenOn(category.id, day)
      : null;
    const slots = taken === null ? [] : this.freeSlots(category, office, settings, day, taken, now);
    return {
      categoryId,
      day,
      slots: slots.map((s) => ({ at: new Date(s.at).toISOString(), time: s.time, free: s.free })),
    };
  }

  /**
   * Books a slot: a free place of a listed slot, at most BOOKINGS_PER_CONTACT live bookings per
   * contact; under the office's lock, so two people never take the last place. Where bookings are
   * confirmed by e-mail only a confirmed request books (`confirmed`); a one-step booking is refused.
   */
  async book(body: BookingCreate, how: { confirmed?: boolean } = {}): Promise<Booking> {
    if (this.emailConfirmation && how.confirmed !== true) {
      throw new AppError(
        'BOOKING_UNAVAILABLE',
        'This office confirms bookings by e-mail: use /api/bookings/requests.',
        {
          reason: 'confirm_required',
        },
      );
    }
    const { category, office, settings } = await this.bookable(body.categoryId);
    const at = Date.parse(body.at);
    const contact = normalContact(body.contact);
    if (settings.contactRequired && contact === null)
      throw unavailable('contact_required', 'This office asks for an e-mail address or a phone number.');
    const row = await this.ctx.writes.write(
      async () => {
        const now = this.ctx.clock.now();
        const day = serviceDay(at, office.timeZone);
        if (!this.inRange(office, settings, day, now))
          throw unavailable('not_a_slot', `${day} is not among the days that can be booked.`);
        const slot = this.freeSlots(
          category,
          office,
          settings,
          day,
          await this.bookings.takenOn(category.id, day),
          now,
          true,
        ).find((s) => s.at === at);
        if (!slot) throw unavailable('not_a_slot', `${body.at} is not a slot of this category.`);
        if (slot.free <= 0) throw unavailable('slot_full', `The slot at ${slot.time} on ${day} is full.`);
        if (
          contact !== null &&
          (await this.bookings.liveOfContact(office.id, contact, now)) >= BOOKINGS_PER_CONTACT
        ) {
          throw unavailable(
            'contact_limit',
            `This contact already holds ${BOOKINGS_PER_CONTACT} bookings; cancel one first.`,
            BOOKINGS_PER_CONTACT,
          );
        }
        const b: BookingRow = {
          id: newId(),
          office_id: office.id,
          category_id: category.id,
          code: await this.freeCode(office.id),
          service_day: day,
          slot_at: at,
          slot_minutes: settings.slotMinutes,
          contact,
          language: body.language ?? 'pl',
          portal_id: null,
          source: 'public',
          status: 'booked',
          ticket_id: null,
          created_at: now,
          updated_at: now,
          checked_in_at: null,
          cancelled_at: null,
        };
        await this.bookings.insert(b);
        this.ctx.events.add('bookings.changed', { officeId: office.id, days: [day] });
        return b;
      },
      { lock: officeLock(office.id) },
    );
    return this.toBooking(row, office, category);
  }

  /** A booking by its id (the link given when it was made). */
  async get(id: string): Promise<Booking> {
    const row = await this.bookings.find(id);
    if (!row) throw notFound(`Booking ${id}`);
    return this.holderView(row);
  }

  /** Cancels a booking by its id; cancelling a cancelled booking again changes nothing. */
  async cancel(id: string): Promise<Booking> {
    const row = await this.bookings.find(id);
    if (!row) throw notFound(`Booking ${id}`);
    const after = await this.ctx.writes.write(
      async () => {
        const now = this.ctx.clock.now();
        const current = await this.bookings.find(id);
        if (!current) throw notFound(`Booking ${id}`);
        if (current.status === 'cancelled') return current;
        if (current.status !== 'booked')
          throw unavailable('not_live', 'The booking was checked in or missed already.');
        await this.bookings.cancel(id, now);
        this.ctx.events.add('bookings.changed', { officeId: current.office_id, days: [current.service_day] });
        return { ...current, status: 'cancelled' as const, cancelled_at: now, updated_at: now };
      },
      { lock: officeLock(row.office_id) },
    );
    return this.holderView(after);
  }

  /** A booking as its holder's page shows it: with the matter's names, and times in the office's zone. */
  private async holderView(r: BookingRow): Promise<Booking> {
    const [office, category] = await Promise.all([
      this.officeOf(r.office_id),
      this.categories.find(r.category_id),
    ]);
    if (!category) throw notFound(`Category ${r.category_id}`);
    return this.toBooking(r, office, category);
  }

  // ---- the office's portal ----

  /**
   * Creates or moves the booking the portal knows as `portalId`. The portal keeps its own
   * capacity, so a slot is not refused for being full; the same request again changes nothing.
   */
  async importFromPortal(
    actor: PortalActor,
    portalId: string,
    body: PortalBookingBody,
  ): Promise<PortalImportResult> {
    const office = await this.officeOf(actor.officeId);
    const category = await this.categories.find(body.categoryId);
    if (!category || category.officeId !== office.id) throw notFound(`Category ${body.categoryId}`);
    const at = Date.parse(body.at);
    const day = serviceDay(at, office.timeZone);
    const contact = normalContact(body.contact ?? undefined);
    const language: Language = body.language ?? 'pl';
    const settings = await this.bookings.settings(category.id);
    const result = await this.ctx.writes.write(
      async () => {
        const now = this.ctx.clock.now();
        const current = await this.bookings.byPortalId(office.id, portalId);
        if (current) {
          const same =
            current.category_id === category.id &&
            current.slot_at === at &&
            current.contact === contact &&
            current.language === language;
          if (same && current.status !== 'cancelled') return { row: current, changed: false };
          if (current.status !== 'booked')
            throw unavailable('not_live', `Booking ${portalId} was checked in, missed or cancelled already.`);
          await this.bookings.move(
            current.id,
            {
              categoryId: category.id,
              day,
              slotAt: at,
              slotMinutes: settings.slotMinutes,
              contact,
              language,
            },
            now,
          );
          this.ctx.events.add('bookings.changed', {
            officeId: office.id,
            days: [...new Set([current.service_day, day])].sort(),
          });
          return { row: (await this.bookings.find(current.id)) ?? current, changed: true };
        }
        const row: BookingRow = {
          id: newId(),
          office_id: office.id,
          category_id: category.id,
          code: await this.freeCode(office.id),
          service_day: day,
          slot_at: at,
          slot_minutes: settings.slotMinutes,
          contact,
          language,
          portal_id: portalId,
          source: 'portal',
          status: 'booked',
          ticket_id: null,
          created_at: now,
          updated_at: now,
          checked_in_at: null,
          cancelled_at: null,
        };
        await this.bookings.insert(row);
        this.ctx.events.add('bookings.changed', { officeId: office.id, days: [day] });
        await this.ctx.audit(
          actor.kind === 'user' ? actor : { kind: 'anonymous', officeId: actor.officeId },
          'import',
          'booking',
          row.id,
          actor.kind === 'user' ? { portalId } : { portalId, deviceId: actor.id },
        );
        return { row, changed: true };
      },
      { lock: officeLock(office.id) },
    );
    return { booking: this.toStaffBooking(result.row, office), changed: result.changed };
  }

  /** Cancels the portal's booking; cancelling it again changes nothing. */
  async cancelFromPortal(actor: PortalActor, portalId: string): Promise<PortalImportResult> {
    const office = await this.officeOf(actor.officeId);
    const result = await this.ctx.writes.write(
      async () => {
        const now = this.ctx.clock.now();
        const current = await this.bookings.byPortalId(office.id, portalId);
        if (!current) throw notFound(`Booking ${portalId}`);
        if (current.status === 'cancelled') return { row: current, changed: false };
        if (current.status !== 'booked')
          throw unavailable('not_live', `Booking ${portalId} was checked in or missed already.`);
        await this.bookings.cancel(current.id, now);
        this.ctx.events.add('bookings.changed', { officeId: office.id, days: [current.service_day] });
        return {
          row: { ...current, status: 'cancelled' as const, cancelled_at: now, updated_at: now },
          changed: true,
        };
      },
      { lock: officeLock(office.id) },
    );
    return { booking: this.toStaffBooking(result.row, office), changed: result.changed };
  }

  /** The portal's bookings changed after `since`: check-ins, no-shows, cancellations and moves. */
  async portalChanges(officeId: string, since: string): Promise<StaffBooking[]> {
    const office = await this.officeOf(officeId);
    return (await this.bookings.portalChangedSince(officeId, Date.parse(since))).map((r) =>
      this.toStaffBooking(r, office),
    );
  }

  // ---- the office's day ----

  /** A day's slots per category (places and booked) and its bookings, for the supervisor. */
  async dayPlan(officeId: string, day: string, categoryId?: string): Promise<BookingDayPlan> {
    const office = await this.officeOf(officeId);
    const rows = await this.bookings.ofDay(officeId, day, categoryId);
    const slots: BookingDayPlan['slots'] = [];
    for (const category of await this.categories.list(officeId)) {
      if (categoryId !== undefined && category.id !== categoryId) continue;
      const settings = await this.bookings.settings(category.id);
      if (!settings.enabled) continue;
      const taken = await this.bookings.takenOn(category.id, day);
      for (const s of this.plannedSlots(category, office, settings, day)) {
        slots.push({
          categoryId: category.id,
          at: new Date(s.at).toISOString(),
          time: s.time,
          places: s.places,
          booked: taken.get(s.at) ?? 0,
        });
      }
    }
    return { day, slots, bookings: rows.map((r) => this.toStaffBooking(r, office)) };
  }

  /** The office's bookings between two days as CSV (the reports' conventions for Excel). */
  async csv(officeId: string, from: string, to: string, categoryId?: string): Promise<string> {
    const office = await this.officeOf(officeId);
    const categories = new Map((await this.categories.list(officeId)).map((c) => [c.id, c]));
    const rows = await this.bookings.between(officeId, from, to, categoryId);
    return bookingsCsv(rows, (id) => categories.get(id)?.prefix ?? '', office.timeZone);
  }

  /** A category's live and checked-in bookings from today on, as an RFC 5545 calendar. */
  async calendar(officeId: string, categoryId: string): Promise<string> {
    const office = await this.officeOf(officeId);
    const category = await this.categories.find(categoryId);
    if (!category || category.officeId !== officeId) throw notFound(`Category ${categoryId}`);
    const today = serviceDay(this.ctx.clock.now(), office.timeZone);
    const rows = (await this.bookings.between(officeId, today, addDays(today, 366), categoryId)).filter(
      (r) => r.status === 'booked' || r.status === 'checked_in',
    );
    return bookingsCalendar({
      host: new URL(this.ctx.config.publicUrl).host,
      calendarName: `${office.name}: ${category.prefix} ${category.names.pl}`,
      category: { prefix: category.prefix, name: category.names.pl },
      bookings: rows,
      stamp: this.ctx.clock.now(),
    });
  }

  /**
   * Makes a category's secret calendar feed address, for a calendar application that has no
   * session; only its hash is kept, and the previous address stops working.
   */
  async renewFeed(actor: UserActor, categoryId: string): Promise<BookingFeed> {
    const category = await this.categories.find(categoryId);
    if (!category || category.officeId !== actor.officeId) throw notFound(`Category ${categoryId}`);
    const token = newToken();
    await this.ctx.writes.write(
      async () => {
        await this.bookings.saveFeed(categoryId, actor.officeId, hashToken(token), this.ctx.clock.now());
        await this.ctx.audit(actor, 'renew', 'booking_feed', categoryId);
      },
      { lock: officeLock(actor.officeId) },
    );
    return { categoryId, url: `${this.ctx.config.publicUrl}/api/bookings/feed/${token}` };
  }

  /** The calendar of the category whose feed address holds this secret (not found for any other). */
  async calendarByFeed(token: string): Promise<string> {
    const feed = await this.bookings.feedByHash(hashToken(token));
    if (!feed) throw notFound('Calendar feed');
    return this.calendar(feed.office_id, feed.category_id);
  }

  // ---- check-in at the kiosk ----

  /**
   * A kiosk checks a booking in with its code: inside the window it gets a ticket that waits from
   * the slot; outside it a CHECK_IN_REFUSED that says why (too early, too late), and the kiosk
   * offers a normal ticket. CHECK_IN_WRONG_CODES unknown codes in a row slow that kiosk down
   * (RATE_LIMITED, a pause that doubles), not the office's other kiosks. The count and the pause
   * are kept in the database, so that every node of a central installation holds them alike.
   */
  async checkIn(actor: Actor, body: CheckInBody): Promise<IssuedTicket> {
    if (actor.kind !== 'device' || actor.deviceKind !== 'kiosk')
      throw new AppError('FORBIDDEN', 'Only a kiosk checks bookings in.');
    if ((body.code === undefined) === (body.phone === undefined))
      throw new AppError('VALIDATION_FAILED', 'Give either the booking’s code or a phone number.', {
        field: 'code',
      });
    if (body.phone !== undefined && !(await this.bookings.officeSettings(actor.officeId)).phoneCheckIn)
      throw new AppError('CHECK_IN_REFUSED', 'This office checks bookings in by their code only.', {
        reason: 'phone_not_allowed',
      });
    const kiosk = actor.id;
    const wrong = await this.bookings.wrongCodes(kiosk);
    const now = this.ctx.clock.now();
    if (wrong && wrong.pausedUntil > now) {
      throw new AppError('RATE_LIMITED', 'Too many wrong codes at this kiosk; wait a moment.', {
        retryAfterSeconds: Math.ceil((wrong.pausedUntil - now) / 1000),
      });
    }
    let unknown = false;
    const claim = {
      claim: async (officeId: string, at: number, ticketId: string) => {
        const office = await this.officeOf(officeId);
        const today = serviceDay(at, office.timeZone);
        const booking =
          body.phone !== undefined
            ? await this.byPhone(officeId, today, body.phone, at)
            : await this.bookings.byCode(officeId, body.code ?? '');
        if (!booking || booking.service_day !== today) {
          // Counted as a wrong code either way, so that trying codes tells no more than before.
          unknown = true;
          // A code typed again after its check-in: the client is told the ticket it got. Not for a
          // phone number, which is no secret: it would tell a stranger someone's ticket.
          const ticket =
            body.code === undefined
              ? undefined
              : await this.bookings.checkedInTicketCode(officeId, body.code, today);
          if (ticket !== undefined)
            throw new AppError('CHECK_IN_REFUSED', `This booking was checked in already: ticket ${ticket}.`, {
              reason: 'checked_in',
              ticket,
            });
          throw new AppError('CHECK_IN_REFUSED', 'No booking of this office has this code today.', {
            reason: 'unknown_code',
          });
        }
        const settings = await this.bookings.settings(booking.category_id);
        const time = clockOf(booking.slot_at, office.timeZone);
        const where = checkInWindow(
          booking.slot_at,
          settings.checkInBeforeMinutes,
          settings.checkInAfterMinutes,
          at,
        );
        if (where === 'early') {
          const opensIn = Math.ceil((booking.slot_at - settings.checkInBeforeMinutes * 60_000 - at) / 60_000);
          throw new AppError(
            'CHECK_IN_REFUSED',
            `Check-in for the booking at ${time} opens in ${opensIn} min.`,
            { reason: 'too_early', time, count: opensIn },
          );
        }
        if (where === 'late') {
          throw new AppError(
            'CHECK_IN_REFUSED',
            `The check-in for the booking at ${time} has closed; a normal ticket can be taken.`,
            { reason: 'too_late', time },
          );
        }
        await this.bookings.checkIn(booking.id, ticketId, at);
        // In the same write as the ticket: the kiosk's wrong codes start again from none.
        await this.bookings.clearWrongCodes(kiosk);
        return { categoryId: booking.category_id, slotAt: booking.slot_at };
      },
    };
    try {
      const issued = await this.tickets.issue(
        actor,
        {
          categoryId: '-',
          ...(body.language === undefined ? {} : { language: body.language }),
          ...(body.priorityGroupId === undefined ? {} : { priorityGroupId: body.priorityGroupId }),
          ...(body.interpreter === undefined ? {} : { interpreter: body.interpreter }),
        },
        null,
        claim,
      );
      return issued;
    } catch (error) {
      if (unknown) await this.countWrongCode(actor.officeId, kiosk);
      throw error;
    }
  }

  /** One more unknown code at a kiosk: from the third in a row it waits, twice as long each time. */
  /**
   * Today's live booking of a phone number: the number as typed matches the one given when booking
   * when it is its ending (so 600 100 200 finds +48 600 100 200). Of several, the one whose window
   * is open, else the next to open, else the last.
   */
  private async byPhone(
    officeId: string,
    day: string,
    phone: string,
    at: number,
  ): Promise<BookingRow | undefined> {
    const typed = phone.replace(/[^0-9]/g, '');
    const mine = (await this.bookings.withPhoneOn(officeId, day)).filter((b) =>
      (b.contact ?? '').replace(/[^0-9]/g, '').endsWith(typed),
    );
    if (mine.length === 0) return undefined;
    const where = await Promise.all(
      mine.map(async (b) => {
        const s = await this.bookings.settings(b.category_id);
        return checkInWindow(b.slot_at, s.checkInBeforeMinutes, s.checkInAfterMinutes, at);
      }),
    );
    const open = where.indexOf('open');
    const early = where.indexOf('early');
    return mine[open >= 0 ? open : early >= 0 ? early : mine.length - 1];
  }

  private async countWrongCode(officeId: string, kiosk: string): Promise<void> {
    await this.ctx.writes.write(
      async () => {
        const now = this.ctx.clock.now();
        const count = ((await this.bookings.wrongCodes(kiosk))?.count ?? 0) + 1;
        const over = count - CHECK_IN_WRONG_CODES;
        const pause = over < 0 ? 0 : Math.min(300, CHECK_IN_PAUSE_SECONDS * 2 ** over) * 1000;
        await this.bookings.saveWrongCodes(kiosk, count, now + pause);
      },
      { lock: officeLock(officeId) },
    );
  }

  // ---- housekeeping ----

  /**
   * Marks the live bookings whose check-in window has closed as no-shows; their slots stay taken
   * for the day. Answers how many were marked.
   */
  async markNoShows(): Promise<number> {
    const now = this.ctx.clock.now();
    const overdue = await this.bookings.overdue(now);
    const byOffice = new Map<string, BookingRow[]>();
    for (const b of overdue) byOffice.set(b.office_id, [...(byOffice.get(b.office_id) ?? []), b]);
    let marked = 0;
    for (const [officeId, rows] of byOffice) {
      marked += await this.ctx.writes.write(
        async () => {
          const days = new Set<string>();
          let n = 0;
          for (const b of rows) {
            if (!(await this.bookings.markNoShow(b.id, now))) continue;
            n += 1;
            days.add(b.service_day);
          }
          if (n) this.ctx.events.add('bookings.changed', { officeId, days: [...days].sort() });
          return n;
        },
        { lock: officeLock(officeId) },
      );
    }
    return marked;
  }

  // ---- helpers ----

  private async officeOf(officeId: string): Promise<Office> {
    const office = await this.offices.find(officeId);
    if (!office) throw notFound(`Office ${officeId}`);
    return office;
  }

  /**
   * The category, its office and its settings, if it takes bookings; else not found or refused. A
   * category no active counter is set up for is refused as the kiosk refuses its tickets
   * (CATEGORY_CLOSED, `no_counter`): nobody could call the client who came for the slot.
   */
  private async bookable(
    categoryId: string,
  ): Promise<{ category: Category; office: Office; settings: BookingSettings }> {
    const category = await this.categories.find(categoryId);
    if (!category || !category.active) throw notFound(`Category ${categoryId}`);
    const settings = await this.bookings.settings(category.id);
    if (!settings.enabled)
      throw unavailable('not_bookable', `Category ${category.prefix} takes no bookings.`);
    if (!(await this.tickets.servedAnywhere(category.officeId, category.id))) throw noCounterFor(category);
    return { category, office: await this.officeOf(category.officeId), settings };
  }

  private inRange(office: Office, settings: BookingSettings, day: string, now: number): boolean {
    const today = serviceDay(now, office.timeZone);
    return day >= addDays(today, settings.daysFrom) && day <= addDays(today, settings.daysAhead);
  }

  private plannedSlots(
    category: Category,
    office: Office,
    settings: BookingSettings,
    day: string,
  ): Array<PlannedSlot & { at: number }> {
    const weekday = localTime(zonedInstant(day, '12:00', office.timeZone), office.timeZone).weekday;
    return daySlots(category.openingHours, weekday, settings).map((s) => ({
      ...s,
      at: zonedInstant(day, s.time, office.timeZone),
    }));
  }

  /** The bookable slots of a day that start after `now`, with their free places. */
  private freeSlots(
    category: Category,
    office: Office,
    settings: BookingSettings,
    day: string,
    taken: Map<number, number>,
    now: number,
    includeFull = false,
  ): Array<{ at: number; time: string; free: number }> {
    return this.plannedSlots(category, office, settings, day)
      .filter((s) => s.places > 0 && s.at > now)
      .map((s) => ({ at: s.at, time: s.time, free: Math.max(0, s.places - (taken.get(s.at) ?? 0)) }))
      .filter((s) => includeFull || s.free > 0);
  }

  /** A code no live booking of the office holds (a handful of tries among a million codes). */
  private async freeCode(officeId: string): Promise<string> {
    for (let i = 0; i < 20; i++) {
      const code = newBookingCode(() => randomInt(0, 1_000_000) / 1_000_000);
      if (!(await this.bookings.codeTaken(officeId, code))) return code;
    }
    throw new Error('no free booking code after 20 tries');
  }

  private toBooking(r: BookingRow, office: Office, category: Pick<Category, 'names'>): Booking {
    return { ...this.bookingFields(r, office), categoryNames: category.names };
  }

  private bookingFields(r: BookingRow, office: Office): Omit<Booking, 'categoryNames'> {
    return {
      id: r.id,
      code: r.code,
      categoryId: r.category_id,
      day: r.service_day,
      at: new Date(r.slot_at).toISOString(),
      time: clockOf(r.slot_at, office.timeZone),
      slotMinutes: r.slot_minutes,
      status: r.status,
      language: r.language,
      manageUrl: `${this.ctx.config.publicUrl}/book/?booking=${r.id}`,
    };
  }

  private toStaffBooking(r: BookingRow, office: Office): StaffBooking {
    return {
      ...this.bookingFields(r, office),
      source: r.source,
      portalId: r.portal_id,
      contact: r.contact,
      checkedInAt: iso(r.checked_in_at),
      ticketId: r.ticket_id,
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }
}

/**
 * Who may use the import API: the office's administrator, or the office's portal signed in as a
 * paired device of kind `portal` (its own token, no staff session).
 */
export type PortalActor = UserActor | (DeviceActor & { deviceKind: 'portal' });

function unavailable(
  reason: 'not_bookable' | 'not_a_slot' | 'slot_full' | 'contact_required' | 'contact_limit' | 'not_live',
  message: string,
  count?: number,
): AppError<'BOOKING_UNAVAILABLE'> {
  return new AppError('BOOKING_UNAVAILABLE', message, { reason, ...(count === undefined ? {} : { count }) });
}

/** A contact as compared: an address in lower case, a number with its digits only (and a leading +). */
export function normalContact(contact: string | undefined): string | null {
  if (contact === undefined) return null;
  const c = contact.trim();
  if (c.includes('@')) return c.toLowerCase();
  return c.replace(/[^0-9+]/g, '');
}
