import type { I18nNames, Language, Office, OfficesReport, Report, SurveyReport } from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { serviceDay } from '../../lib/office-time.ts';
import type { AccountActor } from '../../actor.ts';
import { officeLock } from '../../db/write-queue.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import {
  buildReportBody,
  daysBetween,
  groupTickets,
  officeFigures,
  type PauseFact,
  type ReportGroup,
  type ReportNames,
  type TicketFact,
} from './report-core.ts';
import { bookingLines, groupBookings } from './report-bookings.ts';
import type { ReportRepository } from './report.repository.ts';

/** What the survey's part of a report is made from. */
export interface SurveyInput {
  officeId: string;
  timeZone: string;
  from: string;
  to: string;
  groups: readonly ReportGroup[];
  facts: readonly TicketFact[];
  foldedDays: readonly string[];
  names: ReportNames;
}

/** The longest range one report may cover. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 86_400_000;

/** The days of a report: a real range of calendar days, at most MAX_REPORT_DAYS long. */
function checkRange(from: string, to: string): void {
  const days = daysBetween(from, to);
  if (from > to)
    throw new AppError('VALIDATION_FAILED', `"from" (${from}) must not be after "to" (${to}).`, {
      field: 'to',
    });
  if (days.length > MAX_REPORT_DAYS)
    throw new AppError(
      'VALIDATION_FAILED',
      `A report covers at most ${MAX_REPORT_DAYS} days; choose a shorter range.`,
      { field: 'to', count: MAX_REPORT_DAYS },
    );
  if (days[0] !== from || days[days.length - 1] !== to)
    throw new AppError('VALIDATION_FAILED', `"${from}" or "${to}" is not a calendar date.`, {
      field: 'from',
    });
}

/** Reports over service days, from ticket records and, for days past retention, from aggregates. */
export class ReportService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly reports: ReportRepository,
    private readonly offices: OfficeRepository,
    /** Called after tickets were deleted: the ticket repository caches waiting lists. */
    private readonly forgetCachedQueues: () => void,
    /** Deletes the printed copies (the virtual printer's files) of service days before the one given. */
    private readonly prunePrinted: (firstKeptDay: string) => Promise<string[]> = async () => [],
    /** The visit survey's part of a report (the survey module answers). */
    private readonly survey: ((input: SurveyInput) => Promise<SurveyReport>) | null = null,
  ) {}

  daily(actor: AccountActor, date: string, officeId?: string, lang: Language = 'pl'): Promise<Report> {
    return this.range(actor, date, date, officeId, lang);
  }

  /**
   * The report of one office over a range of service days. Staff get their own office's (another
   * office named is not found, so its id is never confirmed); a central administrator names the office.
   * Categories are named in `lang` where the office gave them a name in it, else in Polish.
   */
  async range(
    actor: AccountActor,
    from: string,
    to: string,
    officeId?: string,
    lang: Language = 'pl',
  ): Promise<Report> {
    checkRange(from, to);
    const office = await this.officeFor(actor, officeId);
    const now = this.ctx.clock.now();
    const categories = await this.reports.categories(office.id);
    const { groups, folded, facts } = await this.groupsOf(office, from, to, categories);

    // Pauses belong to the service day they started on; fetch a day either side of the range
    // (any time zone is within 14 hours of UTC) and keep those whose local day is in range.
    const pauses: PauseFact[] = (
      await this.reports.pauses(
        office.id,
        Date.parse(`${from}T00:00:00Z`) - DAY_MS,
        Date.parse(`${to}T00:00:00Z`) + 2 * DAY_MS,
      )
    )
      .map((p) => ({
        serviceDay: serviceDay(p.started_at, office.timeZone),
        counterId: p.counter_id,
        clerkId: p.user_id,
        reason: p.reason,
        seconds: Math.max(0, Math.round(((p.ended_at ?? now) - p.started_at) / 1000)),
      }))
      .filter((p) => p.serviceDay >= from && p.serviceDay <= to);

    const names: ReportNames = {
      categories: new Map(
        categories.map((c) => {
          const names = JSON.parse(c.names) as I18nNames;
          return [c.id, `${c.prefix} ${names[lang] || names.pl}`];
        }),
      ),
      counters: new Map((await this.reports.counters(office.id)).map((c) => [c.id, c.name])),
      clerks: new Map((await this.reports.users(office.id)).map((u) => [u.id, u.display_name])),
    };
    const body = buildReportBody(groups, pauses, names);
    const bookingGroups = [
      ...(await this.reports.storedBookingGroups(office.id, from, to)),
      ...groupBookings(
        (await this.reports.bookingFacts(office.id, from, to)).filter((b) => !folded.includes(b.serviceDay)),
      ),
    ];
    const survey = await this.survey?.({
      officeId: office.id,
      timeZone: office.timeZone,
      from,
      to,
      groups,
      facts,
      foldedDays: folded,
      names,
    });
    return {
      office: { id: office.id, name: office.name, timeZone: office.timeZone },
      from,
      to,
      generatedAt: new Date(now).toISOString(),
      aggregatedDays: folded,
      ...body,
      bookings: bookingLines(bookingGroups, names.categories),
      ...(survey ? { survey } : {}),
    };
  }

  /**
   * Every office over the same service days (each in its own time zone), for the central
   * administrator: each office's total line, and all offices together with their waits pooled.
   * The same groups as each office's own report, so the figures agree with it.
   */
  async acrossOffices(from: string, to: string): Promise<OfficesReport> {
    checkRange(from, to);
    const lines: OfficesReport['offices'] = [];
    const all: ReportGroup[] = [];
    for (const office of await this.offices.list()) {
      const { groups } = await this.groupsOf(office, from, to, await this.reports.categories(office.id));
      all.push(...groups);
      lines.push({
        office: { id: office.id, name: office.name, timeZone: office.timeZone },
        ...officeFigures(groups),
      });
    }
    lines.sort((a, b) => a.office.name.localeCompare(b.office.name, 'pl'));
    return {
      from,
      to,
      generatedAt: new Date(this.ctx.clock.now()).toISOString(),
      offices: lines,
      total: officeFigures(all),
    };
  }

  private async officeFor(actor: AccountActor, officeId: string | undefined): Promise<Office> {
    if (actor.kind === 'central' && officeId === undefined)
      throw new AppError('VALIDATION_FAILED', 'Name the office whose report you want (officeId).', {
        field: 'officeId',
      });
    const id = officeId ?? (actor.kind === 'user' ? actor.officeId : '');
    const office = actor.kind === 'central' || id === actor.officeId ? await this.offices.find(id) : null;
    if (!office) throw notFound(`Office ${id}`);
    return office;
  }

  /** The office's report groups over the days: stored for folded days, from ticket records for the rest. */
  private async groupsOf(
    office: Office,
    from: string,
    to: string,
    categories: Array<{ id: string; max_wait_minutes: number | null }>,
  ) {
    const maxWait = new Map(categories.map((c) => [c.id, c.max_wait_minutes]));
    const folded = await this.reports.foldedDays(office.id, from, to);
    const foldedSet = new Set(folded);
    const facts = (await this.reports.ticketFacts(office.id, from, to)).filter(
      (t) => !foldedSet.has(t.serviceDay),
    );
    const live = groupTickets(facts, office.timeZone, maxWait);
    const groups: ReportGroup[] = [...(await this.reports.storedGroups(office.id, from, to)), ...live];
    return { groups, folded, facts };
  }

  /**
   * Retention: folds the ticket records of every service day older than `retentionDays` (in
   * each office's time zone) into daily aggregates and deletes them, one day per write, and
   * deletes the printed copies of those days (kept while any office still keeps its day).
   * Returns the number of ticket records deleted.
   */
  async foldExpired(retentionDays = this.ctx.config.retentionDays): Promise<number> {
    const now = this.ctx.clock.now();
    let deleted = 0;
    let firstKeptDay: string | null = null;
    for (const office of await this.offices.list()) {
      const cutoff = serviceDay(now - retentionDays * DAY_MS, office.timeZone);
      if (firstKeptDay === null || cutoff < firstKeptDay) firstKeptDay = cutoff;
      for (const day of await this.reports.ticketDaysBefore(office.id, cutoff)) {
        // Folding reads and deletes the day's tickets in one write under the office's lock.
        deleted += await this.ctx.writes.write(
          async () => {
            const categories = await this.reports.categories(office.id);
            const maxWait = new Map(categories.map((c) => [c.id, c.max_wait_minutes]));
            const groups = groupTickets(
              await this.reports.ticketFacts(office.id, day, day),
              office.timeZone,
              maxWait,
            );
            const bookingGroups = groupBookings(await this.reports.bookingFacts(office.id, day, day));
            const folded = await this.reports.foldDay(office.id, day, groups, bookingGroups, now);
            // Inside the write, so that no waiting list read meanwhile keeps a deleted ticket.
            if (folded > 0) this.forgetCachedQueues();
            return folded;
          },
          { lock: officeLock(office.id) },
        );
      }
    }
    if (deleted > 0) {
      this.ctx.log.info(
        `retention: folded and deleted ${deleted} ticket records older than ${retentionDays} days`,
      );
    }
    if (firstKeptDay !== null) {
      const days = await this.prunePrinted(firstKeptDay);
      if (days.length > 0)
        this.ctx.log.info(
          `retention: deleted the printed tickets of ${days.length} days before ${firstKeptDay}`,
        );
    }
    return deleted;
  }
}
