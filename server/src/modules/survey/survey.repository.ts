import type {
  Language,
  SurveyChannel,
  SurveyReason,
  SurveySettings,
  SurveyWaitBand,
  TicketState,
} from '@numerek/shared';
import { Repository } from '../../db/repository.ts';

/** A leg of a visit, as the survey reads it: a ticket, or the ticket that continued it after a transfer. */
export interface VisitLeg {
  id: string;
  office_id: string;
  parent_ticket_id: string | null;
  state: TicketState;
  category_id: string;
  counter_id: string | null;
  clerk_user_id: string | null;
  service_day: string;
  language: Language;
  issued_at: number;
  called_at: number | null;
  finished_at: number | null;
  survey_answered: number;
}

/** One answered visit, as stored: no ticket, no time finer than the hour, no exact wait, no priority. */
export interface SurveyFact {
  serviceDay: string;
  /** The local hour the visit ended, 0–23. */
  hour: number;
  categoryId: string;
  counterId: string | null;
  clerkId: string | null;
  waitBand: SurveyWaitBand;
  /** 0, 1, or 2 for two or more. */
  transfers: number;
  channel: SurveyChannel;
  score: number;
  reason: SurveyReason | null;
}

interface SettingsRow {
  enabled: number;
  tablet: number;
  phone: number;
  per_clerk: number;
}

interface AnswerRow {
  service_day: string;
  hour: number;
  category_id: string;
  counter_id: string | null;
  clerk_user_id: string | null;
  wait_band: SurveyWaitBand;
  transfers: number;
  channel: SurveyChannel;
  score: number;
  reason: SurveyReason | null;
}

/** What an office that never changed its survey has. */
export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  enabled: true,
  tablet: true,
  phone: true,
  perClerk: false,
};

const LEG_COLUMNS = `id, office_id, parent_ticket_id, state, category_id, counter_id, clerk_user_id, service_day,
  language, issued_at, called_at, finished_at, survey_answered`;

/** The survey's SQL: its settings, the legs of a visit, the visit's mark, and the answers. */
export class SurveyRepository extends Repository {
  async settings(officeId: string): Promise<SurveySettings> {
    const r = await this.db.get<SettingsRow>(
      'SELECT enabled, tablet, phone, per_clerk FROM survey_settings WHERE office_id = ?',
      [officeId],
    );
    if (!r) return DEFAULT_SURVEY_SETTINGS;
    return {
      enabled: r.enabled === 1,
      tablet: r.tablet === 1,
      phone: r.phone === 1,
      perClerk: r.per_clerk === 1,
    };
  }

  async saveSettings(officeId: string, s: SurveySettings): Promise<void> {
    await this.db.run(
      `INSERT INTO survey_settings (office_id, enabled, tablet, phone, per_clerk) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (office_id) DO UPDATE SET enabled = excluded.enabled, tablet = excluded.tablet,
         phone = excluded.phone, per_clerk = excluded.per_clerk`,
      [officeId, s.enabled ? 1 : 0, s.tablet ? 1 : 0, s.phone ? 1 : 0, s.perClerk ? 1 : 0],
    );
  }

  async leg(id: string): Promise<VisitLeg | null> {
    return (await this.db.get<VisitLeg>(`SELECT ${LEG_COLUMNS} FROM tickets WHERE id = ?`, [id])) ?? null;
  }

  /** The ticket that continued a leg after a transfer, if any. */
  async nextLeg(id: string): Promise<VisitLeg | null> {
    return (
      (await this.db.get<VisitLeg>(
        `SELECT ${LEG_COLUMNS} FROM tickets WHERE parent_ticket_id = ? ORDER BY issued_at DESC LIMIT 1`,
        [id],
      )) ?? null
    );
  }

  /** Marks the visit answered; false when it was already (run inside the write that stores the answer). */
  async markAnswered(firstTicketId: string): Promise<boolean> {
    const { changes } = await this.db.run(
      'UPDATE tickets SET survey_answered = 1 WHERE id = ? AND survey_answered = 0',
      [firstTicketId],
    );
    return changes === 1;
  }

  async insertAnswer(officeId: string, a: SurveyFact): Promise<void> {
    await this.db.run(
      `INSERT INTO survey_answers (office_id, service_day, hour, category_id, counter_id, clerk_user_id, wait_band,
         transfers, channel, score, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        officeId,
        a.serviceDay,
        a.hour,
        a.categoryId,
        a.counterId,
        a.clerkId,
        a.waitBand,
        a.transfers,
        a.channel,
        a.score,
        a.reason,
      ],
    );
  }

  /** The answers of visits on the office's service days from `from` to `to`, both included. */
  async answers(officeId: string, from: string, to: string): Promise<SurveyFact[]> {
    const rows = await this.db.all<AnswerRow>(
      `SELECT service_day, hour, category_id, counter_id, clerk_user_id, wait_band, transfers, channel, score, reason
         FROM survey_answers WHERE office_id = ? AND service_day BETWEEN ? AND ? ORDER BY id`,
      [officeId, from, to],
    );
    return rows.map((r) => ({
      serviceDay: r.service_day,
      hour: Number(r.hour),
      categoryId: r.category_id,
      counterId: r.counter_id,
      clerkId: r.clerk_user_id,
      waitBand: r.wait_band,
      transfers: Number(r.transfers),
      channel: r.channel,
      score: Number(r.score),
      reason: r.reason,
    }));
  }
}
