import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type {
  Booking,
  BookingOptions,
  BookingRequestCreate,
  BookingRequestStarted,
  Language,
} from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import { clockOf, serviceDay } from '../../lib/office-time.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { BookingRepository } from '../bookings/booking.repository.ts';
import { normalContact, type BookingService } from '../bookings/booking.service.ts';
import type { CategoryRepository } from '../categories/category.repository.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import { bookedMail, confirmMail } from '../mail/booking-mail.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { BookingRequestRepository } from './booking-request.repository.ts';

/** How long an e-mailed code holds. */
export const CONFIRM_MINUTES = 15;
/** Wrong codes after which a request is dropped (the booker starts again). */
export const CONFIRM_TRIES = 5;
/** Codes one address may have waiting at once. */
const REQUESTS_PER_CONTACT = 3;

const hash = (code: string): string => createHash('sha256').update(code).digest('hex');

function sameHash(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

function refused(reason: 'wrong_code' | 'code_expired', message: string, count?: number) {
  return new AppError('BOOKING_CONFIRM_FAILED', message, {
    reason,
    ...(count === undefined ? {} : { count }),
  });
}

/**
 * Bookings confirmed by e-mail. Where the office has a mail server, a public booking holds only once
 * its booker types the code e-mailed to them: a request keeps what was asked, the code goes out,
 * and the confirmation books the slot (through the bookings module, with all its checks) and
 * e-mails the booking's code and link. Without a mail server bookings are made in one step.
 */
export class BookingRequestService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly requests: BookingRequestRepository,
    private readonly bookings: BookingService,
    private readonly bookingRows: BookingRepository,
    private readonly categories: CategoryRepository,
    private readonly offices: OfficeRepository,
    private readonly mailer: Mailer,
  ) {}

  options(): BookingOptions {
    return { emailConfirmation: this.mailer.enabled, confirmMinutes: CONFIRM_MINUTES };
  }

  /** Checks the slot is free, keeps the request and e-mails its code. */
  async start(body: BookingRequestCreate): Promise<BookingRequestStarted> {
    const contact = normalContact(body.contact);
    if (!this.mailer.enabled || contact === null || !contact.includes('@')) {
      throw new AppError(
        'BOOKING_UNAVAILABLE',
        this.mailer.enabled
          ? 'Give an e-mail address: the confirmation code is sent to it.'
          : 'This office does not confirm bookings by e-mail: book directly.',
        { reason: this.mailer.enabled ? 'confirm_required' : 'not_bookable' },
      );
    }
    const category = await this.categories.find(body.categoryId);
    if (!category) throw notFound(`Category ${body.categoryId}`);
    const office = await this.offices.find(category.officeId);
    if (!office) throw notFound(`Office ${category.officeId}`);
    const at = Date.parse(body.at);
    const day = serviceDay(at, office.timeZone);
    // The same checks as booking (bookable, a listed slot, a free place), before any mail goes out.
    const slot = (await this.bookings.slots(category.id, day)).slots.find((s) => Date.parse(s.at) === at);
    if (!slot)
      throw new AppError('BOOKING_UNAVAILABLE', `${body.at} is not a slot of this category.`, {
        reason: 'not_a_slot',
      });
    if (slot.free <= 0)
      throw new AppError('BOOKING_UNAVAILABLE', `The slot at ${slot.time} on ${day} is full.`, {
        reason: 'slot_full',
      });
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const language: Language = body.language ?? 'pl';
    const now = this.ctx.clock.now();
    const id = newId();
    await this.ctx.writes.write(async () => {
      await this.requests.deleteExpired(now);
      if ((await this.requests.liveOfContact(contact, now)) >= REQUESTS_PER_CONTACT)
        throw new AppError('RATE_LIMITED', 'Too many codes are waiting for this address; try later.', {
          retryAfterSeconds: CONFIRM_MINUTES * 60,
        });
      await this.requests.insert({
        id,
        office_id: office.id,
        category_id: category.id,
        slot_at: at,
        contact,
        language,
        code_hash: hash(code),
        tries: 0,
        expires_at: now + CONFIRM_MINUTES * 60_000,
        created_at: now,
      });
    });
    try {
      await this.mailer.send(
        confirmMail({
          to: contact,
          language,
          officeName: office.name,
          categoryName: category.names[language] ?? category.names.pl,
          day,
          time: clockOf(at, office.timeZone),
          confirmCode: code,
          validMinutes: CONFIRM_MINUTES,
        }),
      );
    } catch (error) {
      await this.ctx.writes.write(() => this.requests.delete(id));
      this.ctx.log.error({ err: error, request: id }, 'The confirmation code could not be e-mailed');
      throw new AppError('INTERNAL', 'The confirmation code could not be e-mailed; try again later.');
    }
    return {
      id,
      expiresAt: new Date(now + CONFIRM_MINUTES * 60_000).toISOString(),
      validMinutes: CONFIRM_MINUTES,
    };
  }

  /** The code from the e-mail: books the slot and e-mails the booking; a wrong code counts a try. */
  async confirm(id: string, code: string): Promise<Booking> {
    const now = this.ctx.clock.now();
    const outcome = await this.ctx.writes.write(async () => {
      const r = await this.requests.find(id);
      if (!r || r.expires_at <= now) {
        if (r) await this.requests.delete(id);
        return { kind: 'expired' as const };
      }
      if (!sameHash(r.code_hash, hash(code))) {
        if (r.tries + 1 >= CONFIRM_TRIES) await this.requests.delete(id);
        else await this.requests.countTry(id);
        return { kind: 'wrong' as const, left: CONFIRM_TRIES - r.tries - 1 };
      }
      await this.requests.delete(id);
      return { kind: 'ok' as const, request: r };
    });
    if (outcome.kind === 'expired' || (outcome.kind === 'wrong' && outcome.left <= 0))
      throw refused('code_expired', 'This request expired or its code was mistyped too often; book again.');
    if (outcome.kind === 'wrong')
      throw refused('wrong_code', 'That is not the code that was e-mailed.', outcome.left);
    const r = outcome.request;
    const booking = await this.bookings.book(
      {
        categoryId: r.category_id,
        at: new Date(r.slot_at).toISOString(),
        contact: r.contact,
        language: r.language,
      },
      { confirmed: true },
    );
    await this.sendBooked(booking, r.contact, r.office_id);
    return booking;
  }

  /** The booking's code and link by e-mail; a mail server that fails does not undo the booking. */
  private async sendBooked(booking: Booking, to: string, officeId: string): Promise<void> {
    try {
      const [office, category, settings] = await Promise.all([
        this.offices.find(officeId),
        this.categories.find(booking.categoryId),
        this.bookingRows.settings(booking.categoryId),
      ]);
      await this.mailer.send(
        bookedMail({
          to,
          language: booking.language,
          officeName: office?.name ?? '',
          categoryName: category?.names[booking.language] ?? category?.names.pl ?? '',
          day: booking.day,
          time: booking.time,
          code: booking.code,
          manageUrl: booking.manageUrl,
          checkInBeforeMinutes: settings.checkInBeforeMinutes,
          checkInAfterMinutes: settings.checkInAfterMinutes,
        }),
      );
    } catch (error) {
      this.ctx.log.error({ err: error, booking: booking.id }, 'The booking could not be e-mailed');
    }
  }
}
