import type {
  Category,
  IssuedTicket,
  IssueTicketBody,
  PrintOutcome,
  PublicTicket,
  TicketPrint,
  TicketRecord,
} from '@numerek/shared';
import { PRINT_ANSWER_WAIT_MS, PRINT_OUTCOME_WAIT_MS } from '@numerek/shared';
import type { TicketJob } from '@numerek/hardware';
import { AppError, notFound } from '../../lib/app-error.ts';
import { noCounterFor } from '../categories/category-refusals.ts';
import { newId } from '../../lib/ids.ts';
import { clockOf, localTime } from '../../lib/office-time.ts';
import { actorRef, type Actor } from '../../actor.ts';
import { officeLock } from '../../db/write-queue.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { CategoryRepository } from '../categories/category.repository.ts';
import { describeNextOpening, openState } from '../categories/opening-hours.ts';
import type { CounterRepository } from '../counters/counter.repository.ts';
import type { Once } from '../idempotency/idempotency.service.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import type { PriorityGroupRepository } from '../priority-groups/priority-group.repository.ts';
import type { WaitingTicket } from '../queue/queue-policy.ts';
import type { QueueService } from '../queue/queue.service.ts';
import { PrintTracker } from './print-tracker.ts';
import { issuedTicket } from './ticket-rows.ts';
import { iso, toPublicTicket, toStaffTicket, toWaitingTicket } from './ticket.mapper.ts';
import type { TicketRepository } from './ticket.repository.ts';

/**
 * A booking being checked in (the bookings module makes it): called inside the issuing write, under
 * the office's lock, it refuses a code that cannot be checked in now and otherwise marks the
 * booking checked in with the new ticket's id, and says the booking's category and slot.
 */
export interface BookingClaim {
  claim(officeId: string, now: number, ticketId: string): Promise<{ categoryId: string; slotAt: number }>;
}

/** What a kiosk is told of a print this process knows nothing of: it died with an earlier process. */
const LOST_PRINT: PrintOutcome = { state: 'failed', reason: 'error' };

/** Issues tickets (number, limits, hours, estimate) and answers "where is my ticket?". */
export class TicketService {
  private readonly prints = new PrintTracker();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly queue: QueueService,
    private readonly tickets: TicketRepository,
    private readonly categories: CategoryRepository,
    private readonly groups: PriorityGroupRepository,
    private readonly counters: CounterRepository,
    private readonly offices: OfficeRepository,
    private readonly printing: {
      printTicket(printerId: string | null, job: TicketJob): Promise<PrintOutcome>;
      printerOf(deviceId: string): Promise<string | null>;
      printerName(printerId: string): Promise<string | null>;
      /**
       * The print of a ticket as stored (prints through a print agent are), for a process that
       * did not start it; null when nothing is stored.
       */
      storedPrint?(ticketId: string, waitMs: number): Promise<TicketPrint | null>;
      /** Whether a print agent drives the printer, so that every print it gets is a stored job. */
      agentDriven?(printerId: string): Promise<boolean>;
    },
  ) {}

  /**
   * Allocates the number and stores the ticket in one transaction; the daily limit, the opening
   * hours and "stop issuing near closing" are checked inside it, so two kiosks can never both
   * take the last number. The ticket is printed after the commit.
   *
   * A kiosk's ticket is then printed on its printer, and the answer waits for the outcome at most
   * PRINT_ANSWER_WAIT_MS: a printer that has not answered by then leaves the print `pending`, and
   * the kiosk asks `printOutcome` later. The ticket exists either way.
   *
   * With `once` (an Idempotency-Key), the answer is stored in the same transaction; a kiosk's
   * stored answer says `pending` until the print outcome replaces it, and a retry is answered
   * with the outcome as it is by then (`replayed`), never by printing again.
   */
  async issue(
    actor: Actor,
    body: IssueTicketBody,
    once: Once | null = null,
    booking: BookingClaim | null = null,
  ): Promise<IssuedTicket> {
    if (actor.kind === 'anonymous' || actor.kind === 'central')
      throw new AppError('UNAUTHENTICATED', 'Only a paired kiosk or signed-in staff can issue tickets.');
    const officeId = actor.officeId;
    const printed = actor.kind === 'device' && actor.deviceKind === 'kiosk';
    const { issued, category } = await this.ctx.writes.write(
      async () => {
        const now = await this.tickets.issueTime(officeId, this.ctx.clock.now());
        const id = newId();
        // A booking's ticket: its category and slot come from the booking, which has its own window
        // instead of the opening hours and the daily limit (its slot was counted when it was booked).
        const booked = booking ? await booking.claim(officeId, now, id) : null;
        const categoryId = booked?.categoryId ?? body.categoryId;
        const category = await this.categories.find(categoryId);
        if (!category || category.officeId !== officeId) throw notFound(`Category ${categoryId}`);
        if (!category.active)
          throw new AppError(
            'CATEGORY_INACTIVE',
            `Category ${category.prefix} (${category.names.pl}) is not offered at the moment.`,
            { category: category.prefix },
          );
        // A ticket nobody can call is not issued: no active counter is set up for the category.
        // (A booking's ticket still is: its slot was promised, and the office sees it waiting.)
        if (booked === null && !(await this.servedAnywhere(officeId, category.id)))
          throw noCounterFor(category);
        const office = await this.offices.find(officeId);
        if (!office) throw notFound(`Office ${officeId}`);
        const local = localTime(now, office.timeZone);
        const open = openState(category.openingHours, local);
        if (!open.open && booked === null) {
          throw new AppError(
            'CATEGORY_CLOSED',
            `Category ${category.prefix} (${category.names.pl}) is closed now; it ${describeNextOpening(open)}.`,
            {
              category: category.prefix,
              reason: 'outside_hours',
              ...(open.next ? { day: open.next.day, time: open.next.at } : {}),
            },
          );
        }
        let weight = 1;
        if (body.priorityGroupId !== undefined) {
          const group = await this.groups.find(body.priorityGroupId);
          if (!group || group.officeId !== officeId || !group.active)
            throw notFound(`Priority group ${body.priorityGroupId}`);
          // The office's one weight, whichever group was declared: the ticket cannot tell which.
          weight = (await this.offices.policySettings(officeId)).priorityWeight;
        }
        if (
          booked === null &&
          category.dailyLimit !== null &&
          (await this.tickets.issuedToday(category.id, local.date)) >= category.dailyLimit
        ) {
          throw new AppError(
            'DAILY_LIMIT_REACHED',
            `All ${category.dailyLimit} tickets for category ${category.prefix} (${category.names.pl}) have been issued today; please come back on the next working day.`,
            {
              category: category.prefix,
              ...(category.dailyLimit === null ? {} : { count: category.dailyLimit }),
            },
          );
        }
        const draft: WaitingTicket = {
          id,
          code: '',
          categoryId: category.id,
          weight,
          queuedAt: booked?.slotAt ?? now,
          targetCounterId: null,
          ...(booked ? { booked: true } : {}),
        };
        const estimate = await this.queue.estimate(officeId, category, draft, now, true);
        // From the counters the estimate has just read: no further query.
        const nobodyServing = !(await this.queue.servedNow(officeId, draft));
        if (
          booked === null &&
          open.open &&
          category.stopIssuingNearClosing &&
          open.closesInMinutes !== null &&
          estimate.minMinutes >= open.closesInMinutes
        ) {
          throw new AppError(
            'WAIT_PAST_CLOSING',
            `The wait for category ${category.prefix} (${category.names.pl}) would last past closing time at ${open.closesAt}; please come back on the next working day.`,
            { category: category.prefix, ...(open.closesAt === null ? {} : { time: open.closesAt }) },
          );
        }
        const number = await this.tickets.allocateNumber(category.id, local.date);
        const row = issuedTicket({
          id: draft.id,
          officeId,
          categoryId: category.id,
          prefix: category.prefix,
          serviceDay: local.date,
          number,
          weight,
          language: body.language ?? 'pl',
          interpreter: body.interpreter === true,
          estimate,
          by: {
            deviceId: actor.kind === 'device' ? actor.id : null,
            userId: actor.kind === 'user' ? actor.id : null,
          },
          now,
          ...(booked ? { slotAt: booked.slotAt } : {}),
        });
        await this.tickets.insert(row);
        const ref = actorRef(actor);
        await this.tickets.addEvent({
          ticket_id: row.id,
          office_id: officeId,
          type: 'issued',
          at: now,
          actor_kind: ref.kind,
          actor_id: ref.id,
          counter_id: null,
          data: { peopleAhead: estimate.peopleAhead, estimate: [estimate.minMinutes, estimate.maxMinutes] },
        });
        const issued: IssuedTicket = {
          id: row.id,
          code: row.code,
          categoryId: row.category_id,
          priority: row.priority_weight > 1,
          issuedAt: new Date(row.issued_at).toISOString(),
          language: row.language,
          peopleAhead: estimate.peopleAhead,
          estimatedWait: { minMinutes: estimate.minMinutes, maxMinutes: estimate.maxMinutes },
          nobodyServing,
          statusUrl: `${this.ctx.config.publicUrl}/t/${row.id}`,
          counters: await this.whereToGo(row.category_id),
          interpreter: row.interpreter_requested === 1,
          print: { state: 'none', reason: null },
          ...(booked ? { bookedFor: clockOf(booked.slotAt, office.timeZone) } : {}),
        };
        if (printed) issued.print = { state: 'pending', reason: null };
        await once?.record(issued);
        this.ctx.events.add('ticket.issued', {
          officeId,
          ticketId: issued.id,
          categoryId: issued.categoryId,
        });
        return { issued, category };
      },
      { lock: officeLock(officeId) },
    );
    // Staff-issued tickets are not printed.
    if (!printed) return issued;
    return this.startPrint(issued, category, actor, once);
  }

  /** Prints a kiosk's ticket and answers it with the print's outcome (or pending, after a wait). */
  private async startPrint(
    issued: IssuedTicket,
    category: Category,
    actor: Actor & { kind: 'device' },
    once: Once | null,
  ): Promise<IssuedTicket> {
    const officeId = actor.officeId;
    // The print is followed from the moment the ticket exists, before its printer is looked up,
    // so that a question about it is never answered "not printed" in between.
    const printerId = this.printing.printerOf(actor.id);
    const printing = (async () =>
      this.printing.printTicket(await printerId, await this.printJob(issued, category)))();
    const answer = { ...issued };
    this.prints.track(issued.id, actor.id, printing, async (print) => {
      try {
        await once?.amend({ ...answer, print });
      } catch (error) {
        this.ctx.log.error({ err: error, ticket: answer.code }, 'the print outcome could not be stored');
      }
      if (print.state !== 'failed') return;
      const printerName = await printerId.then((id) => (id ? this.printing.printerName(id) : null));
      await this.ctx.writes.write(() =>
        this.ctx.events.add('ticket.not-printed', {
          officeId,
          ticketCode: answer.code,
          kiosk: actor.name,
          printerName,
          reason: print.reason ?? 'error',
          at: this.ctx.clock.now(),
        }),
      );
    });
    return { ...answer, print: await this.printOf(answer.id, PRINT_ANSWER_WAIT_MS) };
  }

  /**
   * A stored answer to an issue, brought up to date for a retry: a print that was pending is
   * answered as it is now (waiting for it as the first answer did), and is never printed again.
   */
  async replayed(stored: IssuedTicket, actor?: Actor): Promise<IssuedTicket> {
    // An answer stored before issued tickets said whether anyone serves does not say it: served.
    const answer = { ...stored, nobodyServing: (stored as Partial<IssuedTicket>).nobodyServing ?? false };
    if (answer.print.state !== 'pending') return answer;
    const orphan = actor?.kind === 'device' ? await this.neverSentToAgent(answer, actor.id) : null;
    if (orphan && actor?.kind === 'device') return this.startPrint(answer, orphan, actor, null);
    return { ...answer, print: await this.printOf(answer.id, PRINT_ANSWER_WAIT_MS) };
  }

  /**
   * The ticket's category when its first attempt committed on a server process that died before
   * it stored the print job for the kiosk's print agent: nobody follows the print here, no job is
   * stored, and the printer is the agent's (whose every print is a stored job). The kiosk retries
   * only after losing the first answer, so such a ticket would otherwise never print. Null when
   * the print is under way or settled, or the printer is not an agent's.
   */
  private async neverSentToAgent(answer: IssuedTicket, deviceId: string): Promise<Category | null> {
    if (!this.printing.storedPrint || !this.printing.agentDriven) return null;
    if (await this.prints.within(answer.id, 0)) return null;
    if (await this.printing.storedPrint(answer.id, 0)) return null;
    const printerId = await this.printing.printerOf(deviceId);
    if (!printerId || !(await this.printing.agentDriven(printerId))) return null;
    return (await this.categories.find(answer.categoryId)) ?? null;
  }

  /**
   * The print outcome of a kiosk's own ticket, waiting up to PRINT_OUTCOME_WAIT_MS while it is
   * pending. Another device's ticket, or one that does not exist, is not found.
   */
  async printOutcome(actor: Actor, ticketId: string): Promise<TicketPrint> {
    const deviceId = actor.kind === 'device' ? actor.id : null;
    const owner = this.prints.deviceOf(ticketId) ?? (await this.tickets.find(ticketId))?.issued_by_device_id;
    if (deviceId === null || owner !== deviceId) throw notFound(`Ticket ${ticketId}`);
    return this.printOf(ticketId, PRINT_OUTCOME_WAIT_MS);
  }

  private async printOf(ticketId: string, waitMs: number): Promise<TicketPrint> {
    return (
      (await this.prints.within(ticketId, waitMs)) ??
      (await this.printing.storedPrint?.(ticketId, waitMs)) ??
      LOST_PRINT
    );
  }

  /** Answers every request waiting for a print outcome with what is known now. */
  releasePrintWaiters(): void {
    this.prints.releaseAll();
  }

  /** Resolves once every known print outcome has been stored and reported. */
  settlePrints(): Promise<void> {
    return this.prints.drain();
  }

  private async printJob(ticket: IssuedTicket, category: Category): Promise<TicketJob> {
    const office = await this.offices.find(category.officeId);
    return {
      ticketId: ticket.id,
      code: ticket.code,
      categoryName: category.names[ticket.language] ?? category.names.pl,
      officeName: office?.name ?? '',
      issuedAt: ticket.issuedAt,
      timeZone: office?.timeZone ?? this.ctx.config.officeTimeZone,
      peopleAhead: ticket.peopleAhead,
      estimatedWait: ticket.estimatedWait,
      nobodyServing: ticket.nobodyServing,
      statusUrl: ticket.statusUrl,
      language: ticket.language,
      counters: ticket.counters.map((c) => ({ number: c.number, name: c.name })),
      interpreter: ticket.interpreter,
    };
  }

  /**
   * Whether an active counter of the office is set up to serve the category (open or not): a ticket
   * or a booking of a category none is set up for could never be called.
   */
  async servedAnywhere(officeId: string, categoryId: string): Promise<boolean> {
    return (await this.counters.queueCounters(officeId)).some((c) => c.categoryIds.includes(categoryId));
  }

  /** The counters serving a category now, or else those set up to serve it: where the client goes. */
  async whereToGo(categoryId: string): Promise<Array<{ id: string; name: string; number: number }>> {
    const all = await this.counters.forCategory(categoryId);
    const open = all.filter((c) => c.servingNow);
    return (open.length ? open : all).map((c) => ({ id: c.id, name: c.name, number: c.number }));
  }

  /** The status page address of a ticket (what its QR code holds). */
  async statusUrlOf(id: string): Promise<string> {
    if (!(await this.tickets.find(id))) throw notFound(`Ticket ${id}`);
    return `${this.ctx.config.publicUrl}/t/${id}`;
  }

  /** What the ticket's QR code shows; follows a transfer to where the client now waits. */
  async publicStatus(id: string): Promise<PublicTicket> {
    let t = await this.tickets.find(id);
    if (!t) throw notFound(`Ticket ${id}`);
    for (let hops = 0; t.state === 'transferred' && hops < 50; hops++) {
      const child = await this.tickets.childOf(t.id);
      if (!child) break;
      t = child;
    }
    const now = this.ctx.clock.now();
    const category = await this.categories.find(t.category_id);
    let live: { peopleAhead: number; estimatedWait: { minMinutes: number; maxMinutes: number } } | null =
      null;
    let nobodyServing = false;
    if (t.state === 'waiting') {
      const waiting = toWaitingTicket(t);
      if (category) {
        const e = await this.queue.estimate(t.office_id, category, waiting, now, false);
        live = {
          peopleAhead: e.peopleAhead,
          estimatedWait: { minMinutes: e.minMinutes, maxMinutes: e.maxMinutes },
        };
      }
      nobodyServing = !(await this.queue.servedNow(t.office_id, waiting));
    }
    const counter =
      (t.state === 'called' || t.state === 'serving') && t.counter_id
        ? await this.counters.find(t.counter_id)
        : null;
    const office = await this.offices.find(t.office_id);
    return toPublicTicket(
      t,
      live,
      counter ? { id: counter.id, name: counter.name, number: counter.number } : null,
      {
        category: category?.names ?? { pl: '' },
        office: office?.name ?? '',
        timeZone: office?.timeZone ?? this.ctx.config.officeTimeZone,
      },
      nobodyServing,
    );
  }

  /**
   * The record of the office's ticket issued today with this code, as a supervisor finds it from
   * what a client reads off their ticket. A code is used once a day per office (its letters are
   * the category's), so an earlier day's ticket is found by its link or id instead.
   */
  async recordByCode(officeId: string, code: string): Promise<TicketRecord> {
    const office = await this.offices.find(officeId);
    if (!office) throw notFound(`Office ${officeId}`);
    const day = localTime(this.ctx.clock.now(), office.timeZone).date;
    const id = await this.tickets.idByCode(officeId, day, code);
    if (!id)
      throw new AppError('NOT_FOUND', `No ticket ${code} was issued today (${day}).`, { ticket: code });
    return this.record(officeId, id);
  }

  /** The full record of a ticket for a supervisor answering a complaint: its events and reasons. */
  async record(officeId: string, id: string): Promise<TicketRecord> {
    const t = await this.tickets.find(id);
    if (!t || t.office_id !== officeId) throw notFound(`Ticket ${id}`);
    return {
      ticket: toStaffTicket(t, this.ctx.clock.now()),
      events: (await this.tickets.events(id)).map((e) => ({
        type: e.type,
        at: iso(e.at) as string,
        actor: e.actor_kind === 'system' ? 'system' : `${e.actor_kind}:${e.actor_id ?? ''}`,
        counterId: e.counter_id,
        data: JSON.parse(e.data) as Record<string, unknown>,
      })),
    };
  }
}
