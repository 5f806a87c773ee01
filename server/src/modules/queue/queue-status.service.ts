import type { Category, CategoryWaitNow, PublicCategory, QueueStatus } from '@numerek/shared';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/app-error.ts';
import { localTime, type LocalTime } from '../../lib/office-time.ts';
import type { BookingRepository } from '../bookings/booking.repository.ts';
import type { CategoryRepository } from '../categories/category.repository.ts';
import { openState } from '../categories/opening-hours.ts';
import type { CounterRepository } from '../counters/counter.repository.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import { minutesWaitedSince } from '../tickets/ticket.mapper.ts';
import type { TicketRepository } from '../tickets/ticket.repository.ts';
import type { QueueService } from './queue.service.ts';

/** What the public sees of the queue: the kiosk's categories and the office's status page. */
export class QueueStatusService {
  constructor(
    private readonly clock: Clock,
    private readonly queue: QueueService,
    private readonly tickets: TicketRepository,
    private readonly categories: CategoryRepository,
    private readonly counters: CounterRepository,
    private readonly offices: OfficeRepository,
    private readonly bookings: BookingRepository,
  ) {}

  /**
   * The public queue status for an office's website: per category what a visitor wants to know.
   * A category is open within its opening hours, and only while an active counter is set up to
   * serve it (the kiosk issues no ticket otherwise).
   */
  async queueStatus(officeId: string): Promise<QueueStatus> {
    const office = await this.offices.find(officeId);
    if (!office) throw notFound(`Office ${officeId}`);
    const now = this.clock.now();
    const local = localTime(now, office.timeZone);
    const served = await this.servedCategories(officeId);
    const categories: QueueStatus['categories'] = [];
    for (const c of await this.categories.list(officeId)) {
      if (!c.active) continue;
      const mean = await this.tickets.meanServiceMinutes(c.id);
      categories.push({
        categoryId: c.id,
        letter: c.prefix,
        names: c.names,
        currentNumber: await this.tickets.lastCalledCode(c.id, local.date),
        waiting: await this.tickets.countWaiting(c.id),
        openCounters: (await this.counters.servers(officeId, c.id)).open,
        meanServiceMinutes: mean === null ? null : Math.round(mean * 10) / 10,
        open: served.has(c.id) && openState(c.openingHours, local).open,
      });
    }
    return {
      office: { id: office.id, name: office.name },
      generatedAt: new Date(now).toISOString(),
      categories,
    };
  }

  /**
   * Per category of the office, how many wait now and the longest wait so far, over the same
   * tickets (the console's dashboard): the category's queue and the tickets transferred to one
   * of its counters. A wait counts from joining the queue, as the clerk's panel counts it; a
   * booked ticket checked in before its slot has waited 0 minutes until the slot starts.
   */
  async waitingNow(officeId: string): Promise<CategoryWaitNow[]> {
    const now = this.clock.now();
    const ids = (await this.categories.list(officeId)).map((c) => c.id);
    const byCategory = new Map(ids.map((id) => [id, { waiting: 0, oldest: Infinity }]));
    const tickets = [
      ...(await this.tickets.waitingInCategories(ids)),
      ...(await this.tickets.transferredWaitingIn(ids)),
    ];
    for (const t of tickets) {
      const c = byCategory.get(t.categoryId);
      if (!c) continue;
      c.waiting += 1;
      c.oldest = Math.min(c.oldest, t.queuedAt);
    }
    return ids.map((categoryId) => {
      const c = byCategory.get(categoryId) ?? { waiting: 0, oldest: Infinity };
      return {
        categoryId,
        waiting: c.waiting,
        longestWaitMinutes: c.waiting === 0 ? null : minutesWaitedSince(c.oldest, now),
      };
    });
  }

  /** The categories as a kiosk shows them: open or closed, at the limit, waiting and expected wait. */
  async kioskCategories(officeId: string): Promise<PublicCategory[]> {
    const office = await this.offices.find(officeId);
    if (!office) return [];
    const now = this.clock.now();
    const local = localTime(now, office.timeZone);
    const served = await this.servedCategories(officeId);
    const bookable = new Set(
      (await this.bookings.settingsOf(officeId)).filter((s) => s.enabled).map((s) => s.categoryId),
    );
    const out: PublicCategory[] = [];
    for (const c of await this.categories.list(officeId)) {
      if (!c.active) continue;
      const tile = await this.kioskCategory(officeId, c, local, now, served.has(c.id));
      out.push({ ...tile, bookable: bookable.has(c.id) });
    }
    return out;
  }

  /** The categories an active counter is set up for: a ticket of any other could never be called. */
  private async servedCategories(officeId: string): Promise<Set<string>> {
    return new Set((await this.counters.queueCounters(officeId)).flatMap((c) => c.categoryIds));
  }

  private async kioskCategory(
    officeId: string,
    c: Category,
    local: LocalTime,
    now: number,
    served: boolean,
  ): Promise<Omit<PublicCategory, 'bookable'>> {
    const open = openState(c.openingHours, local);
    const waiting = await this.tickets.countWaiting(c.id);
    // What a regular client taking a ticket now would be told.
    const draft = { id: '', code: '', categoryId: c.id, weight: 1, queuedAt: now, targetCounterId: null };
    const e = await this.queue.estimate(officeId, c, draft, now, true);
    const atLimit =
      c.dailyLimit !== null && (await this.tickets.issuedToday(c.id, local.date)) >= c.dailyLimit;
    const closing =
      open.open &&
      c.stopIssuingNearClosing &&
      open.closesInMinutes !== null &&
      e.minMinutes >= open.closesInMinutes;
    const status: PublicCategory['status'] = !served
      ? 'no_counter'
      : !open.open
        ? 'closed'
        : atLimit
          ? 'limit_reached'
          : closing
            ? 'closing'
            : 'open';
    return {
      id: c.id,
      prefix: c.prefix,
      names: c.names,
      descriptions: c.descriptions,
      pictogram: c.pictogram,
      displayOrder: c.displayOrder,
      open: open.open,
      status,
      openingHours: c.openingHours,
      waiting,
      estimatedWait: { minMinutes: e.minMinutes, maxMinutes: e.maxMinutes },
      nobodyServing: !(await this.queue.servedNow(officeId, draft)),
    };
  }
}
