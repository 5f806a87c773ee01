import {
  SURVEY_LOW_SCORE,
  SURVEY_PHONE_WINDOW_MS,
  SURVEY_TABLET_WINDOW_MS,
  waitBandOf,
  type FeedbackState,
  type Language,
  type SurveyAnswerBody,
  type SurveyChannel,
  type SurveyQuestion,
  type SurveyReceipt,
  type SurveyReport,
  type SurveySettings,
  type SurveySettingsPatch,
} from '@numerek/shared';
import type { Actor, UserActor } from '../../actor.ts';
import { officeLock } from '../../db/write-queue.ts';
import { AppError, notFound } from '../../lib/app-error.ts';
import { localTime } from '../../lib/office-time.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { ReportGroup, ReportNames, TicketFact } from '../reports/report-core.ts';
import { buildSurveyReport } from './survey-report.ts';
import type { SurveyFact, SurveyRepository, VisitLeg } from './survey.repository.ts';

/** A visit: its first ticket and, after transfers, the tickets that continued it, in order. */
interface Visit {
  first: VisitLeg;
  last: VisitLeg;
  legs: VisitLeg[];
}

/** What the survey asks of the rest of the server. */
export interface SurveyDeps {
  /** The office's time zone (the hour of a visit is local). */
  timeZoneOf(officeId: string): Promise<string | null>;
  /** A device's counter (a feedback tablet's), and its office. */
  deviceOf(deviceId: string): Promise<{ officeId: string; counterId: string | null } | null>;
  /** A counter as a tablet names it, if it exists and is active. */
  counterOf(counterId: string): Promise<{ id: string; name: string; number: number; active: boolean } | null>;
}

const RECEIPT: SurveyReceipt = { received: true };
/** Transfers a visit can go through before the chain is taken as broken. */
const MAX_LEGS = 50;

/**
 * The visit survey (docs/decisions/0030-visit-survey.md). A visit is answered once, from its
 * counter's feedback tablet or its phone page, whichever comes first; the answer keeps where and
 * when the visit ended in coarse terms and nothing that leads back to the ticket. Answers are
 * stored under the office's lock, like the ticket moves they follow.
 */
export class SurveyService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: SurveyRepository,
    private readonly deps: SurveyDeps,
  ) {}

  settings(officeId: string): Promise<SurveySettings> {
    return this.repo.settings(officeId);
  }

  /** Changes the office's survey; per-clerk results are an administrator's choice. */
  async updateSettings(actor: UserActor, patch: SurveySettingsPatch): Promise<SurveySettings> {
    const settings = await this.ctx.writes.write(
      async () => {
        const current = await this.repo.settings(actor.officeId);
        if (patch.perClerk !== undefined && patch.perClerk !== current.perClerk && actor.role !== 'admin') {
          throw new AppError(
            'FORBIDDEN',
            'Only an administrator switches per-clerk survey results on or off.',
            { reason: 'admin_only' },
          );
        }
        const next: SurveySettings = { ...current, ...patch };
        await this.repo.saveSettings(actor.officeId, next);
        await this.ctx.audit(actor, 'update', 'survey', actor.officeId, {
          before: current,
          after: next,
        });
        // Heard on every node once committed.
        this.ctx.events.add('config.changed', {
          officeId: actor.officeId,
          entity: 'settings',
          id: actor.officeId,
        });
        return next;
      },
      { lock: officeLock(actor.officeId) },
    );
    return settings;
  }

  /** Whether the phone page of a ticket asks now: the visit ended, in time, unanswered, and the office asks. */
  async question(ticketId: string): Promise<SurveyQuestion> {
    const visit = await this.visit(ticketId);
    if (!visit) throw notFound(`Ticket ${ticketId}`);
    const settings = await this.repo.settings(visit.first.office_id);
    const closed = this.whyClosed(visit, settings, 'phone', this.ctx.clock.now());
    return { ask: closed === null && visit.first.survey_answered === 0 };
  }

  /**
   * Stores a visit's answer once. Whatever was stored before, a request the visit would take gets
   * the same receipt: a second tap, a retry or the other place changes nothing and learns nothing.
   */
  async answer(actor: Actor, ticketId: string, body: SurveyAnswerBody): Promise<SurveyReceipt> {
    if (body.reason !== undefined && body.score > SURVEY_LOW_SCORE) {
      throw new AppError(
        'VALIDATION_FAILED',
        `A reason goes only with a score of ${SURVEY_LOW_SCORE} or less.`,
        { field: 'reason' },
      );
    }
    if (actor.kind === 'device' && actor.deviceKind !== 'feedback') {
      throw new AppError('FORBIDDEN', `A ${actor.deviceKind} does not answer the survey.`);
    }
    const channel: SurveyChannel = actor.kind === 'device' ? 'tablet' : 'phone';
    const tablet = actor.kind === 'device' ? await this.deps.deviceOf(actor.id) : null;
    const found = await this.visit(ticketId);
    if (!found) throw notFound(`Ticket ${ticketId}`);
    const officeId = found.first.office_id;
    if (tablet && tablet.officeId !== officeId) throw notFound(`Ticket ${ticketId}`);
    // Checked before the office's lock too, so that repeats and refusals never queue behind its
    // writes: only a visit's first answer is written.
    const early = this.whyClosed(found, await this.repo.settings(officeId), channel, this.ctx.clock.now());
    if (early) throw surveyClosed(early);
    if (tablet && tablet.counterId !== found.last.counter_id) throw surveyClosed('other_counter');
    if (found.first.survey_answered === 1) return RECEIPT;
    const timeZone = (await this.deps.timeZoneOf(officeId)) ?? this.ctx.config.officeTimeZone;
    return this.ctx.writes.write(
      async () => {
        const visit = await this.visit(ticketId);
        if (!visit) throw notFound(`Ticket ${ticketId}`);
        const now = this.ctx.clock.now();
        const settings = await this.repo.settings(officeId);
        const closed = this.whyClosed(visit, settings, channel, now);
        if (closed) throw surveyClosed(closed);
        if (tablet && tablet.counterId !== visit.last.counter_id) throw surveyClosed('other_counter');
        if (!(await this.repo.markAnswered(visit.first.id))) return RECEIPT;
        await this.repo.insertAnswer(officeId, answerOf(visit, body, channel, timeZone));
        return RECEIPT;
      },
      { lock: officeLock(officeId) },
    );
  }

  /**
   * The question a feedback tablet shows when a ticket was finished at its counter, or null when
   * the office does not ask there (or the visit was answered already, say a retried finish).
   */
  async tabletQuestion(ticketId: string): Promise<{ ticketId: string; language: Language } | null> {
    const visit = await this.visit(ticketId);
    if (!visit || visit.first.survey_answered === 1) return null;
    const settings = await this.repo.settings(visit.first.office_id);
    if (this.whyClosed(visit, settings, 'tablet', this.ctx.clock.now()) !== null) return null;
    return { ticketId: visit.last.id, language: visit.last.language };
  }

  /** What a feedback tablet is for now: its counter, and whether it asks at all. */
  async feedbackState(deviceId: string): Promise<FeedbackState> {
    const device = await this.deps.deviceOf(deviceId);
    const counter = device?.counterId ? await this.deps.counterOf(device.counterId) : null;
    const settings = device ? await this.repo.settings(device.officeId) : null;
    return {
      counter: counter ? { id: counter.id, name: counter.name, number: counter.number } : null,
      active: Boolean(settings?.enabled && settings.tablet && counter?.active),
    };
  }

  /** The survey's part of a report over the office's days `from` to `to`. */
  async report(input: {
    officeId: string;
    timeZone: string;
    from: string;
    to: string;
    groups: readonly ReportGroup[];
    /** The ticket records the report read (days folded by retention have none). */
    facts: readonly TicketFact[];
    foldedDays: readonly string[];
    names: ReportNames;
  }): Promise<SurveyReport> {
    const servedByHour = input.foldedDays.length > 0 ? null : servedPerHour(input.facts, input.timeZone);
    return buildSurveyReport({
      answers: await this.repo.answers(input.officeId, input.from, input.to),
      groups: input.groups,
      servedByHour,
      names: input.names,
      settings: await this.repo.settings(input.officeId),
    });
  }

  /** Why a visit cannot be answered from `channel` now, or null when it can. */
  private whyClosed(
    visit: Visit,
    settings: SurveySettings,
    channel: SurveyChannel,
    now: number,
  ): 'off' | 'not_finished' | 'too_late' | null {
    if (!settings.enabled || !settings[channel]) return 'off';
    const { last } = visit;
    if (last.state !== 'finished' || last.finished_at === null) return 'not_finished';
    const window = channel === 'tablet' ? SURVEY_TABLET_WINDOW_MS : SURVEY_PHONE_WINDOW_MS;
    return now - last.finished_at > window ? 'too_late' : null;
  }

  /** The visit a ticket belongs to, whichever of its tickets is named. */
  private async visit(ticketId: string): Promise<Visit | null> {
    let first = await this.repo.leg(ticketId);
    for (let hops = 0; first?.parent_ticket_id && hops < MAX_LEGS; hops++) {
      const parent: VisitLeg | null = await this.repo.leg(first.parent_ticket_id);
      if (!parent) break;
      first = parent;
    }
    if (!first) return null;
    const legs = [first];
    for (let last = first; legs.length < MAX_LEGS;) {
      const next = await this.repo.nextLeg(last.id);
      if (!next) break;
      legs.push(next);
      last = next;
    }
    return { first, last: legs[legs.length - 1] ?? first, legs };
  }
}

function surveyClosed(reason: 'off' | 'not_finished' | 'too_late' | 'other_counter'): AppError {
  const message = {
    off: 'This office does not ask about visits here now.',
    not_finished: 'The visit has not ended with service; the question comes once it has.',
    too_late: 'The visit ended too long ago to be answered.',
    other_counter: 'This tablet answers only for visits that ended at its own counter.',
  }[reason];
  return new AppError('SURVEY_CLOSED', message, { reason });
}

/** The answer as stored: where and when the visit ended, coarsely, and what was answered. */
function answerOf(
  visit: Visit,
  body: SurveyAnswerBody,
  channel: SurveyChannel,
  timeZone: string,
): SurveyFact {
  const { first, last, legs } = visit;
  const waitMs = legs.reduce(
    (sum, l) => sum + (l.called_at === null ? 0 : Math.max(0, l.called_at - l.issued_at)),
    0,
  );
  return {
    serviceDay: first.service_day,
    hour: Math.floor(localTime(last.finished_at ?? last.issued_at, timeZone).minutes / 60),
    categoryId: last.category_id,
    counterId: last.counter_id,
    clerkId: last.clerk_user_id,
    waitBand: waitBandOf(waitMs / 60_000),
    transfers: Math.min(2, legs.length - 1),
    channel,
    score: body.score,
    reason: body.reason ?? null,
  };
}

/** Visits served per local hour of their end, from ticket records. */
function servedPerHour(facts: readonly TicketFact[], timeZone: string): number[] {
  const out = new Array<number>(24).fill(0);
  for (const f of facts) {
    if (f.state !== 'finished' || f.finishedAt === null) continue;
    const h = Math.floor(localTime(f.finishedAt, timeZone).minutes / 60);
    out[h] = (out[h] ?? 0) + 1;
  }
  return out;
}
