import type { PauseReason, TicketState } from '@numerek/shared';
import { Repository } from '../../db/repository.ts';
import type { ReportGroup, TicketFact } from './report-core.ts';

interface TicketFactRow {
  service_day: string;
  category_id: string;
  counter_id: string | null;
  clerk_user_id: string | null;
  priority_weight: number;
  state: TicketState;
  parent_ticket_id: string | null;
  issued_at: number;
  called_at: number | null;
  started_at: number | null;
  finished_at: number | null;
}

interface GroupRow {
  service_day: string;
  category_id: string;
  counter_id: string | null;
  clerk_user_id: string | null;
  priority: number;
  issued: number;
  served: number;
  no_show: number;
  transferred: number;
  cancelled: number;
  over_max_wait: number;
  wait_seconds: string;
  service_seconds: string;
  arrivals_by_hour: string;
}

/** A pause with the counter and clerk of its session; `ended_at` null while it lasts. */
export interface PauseRow {
  counter_id: string;
  user_id: string;
  reason: PauseReason;
  started_at: number;
  ended_at: number | null;
}

/** The reports' SQL: ticket facts, pauses, names, and the retained daily aggregates. */
export class ReportRepository extends Repository {
  ticketFacts(officeId: string, from: string, to: string): TicketFact[] {
    const rows = this.sql(
      `SELECT service_day, category_id, counter_id, clerk_user_id, priority_weight, state, parent_ticket_id,
              issued_at, called_at, started_at, finished_at
         FROM tickets WHERE office_id = ? AND service_day BETWEEN ? AND ?`,
    ).all(officeId, from, to) as TicketFactRow[];
    return rows.map((r) => ({
      serviceDay: r.service_day,
      categoryId: r.category_id,
      counterId: r.counter_id,
      clerkId: r.clerk_user_id,
      priority: r.priority_weight > 1,
      state: r.state,
      original: r.parent_ticket_id === null,
      issuedAt: r.issued_at,
      calledAt: r.called_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }));
  }

  /** Pauses of the office's counters that started in [fromMs, toMs). */
  pauses(officeId: string, fromMs: number, toMs: number): PauseRow[] {
    return this.sql(
      `SELECT s.counter_id, s.user_id, p.reason, p.started_at, p.ended_at
         FROM counter_pauses p
         JOIN counter_sessions s ON s.id = p.session_id
         JOIN counters c ON c.id = s.counter_id
        WHERE c.office_id = ? AND p.started_at >= ? AND p.started_at < ?`,
    ).all(officeId, fromMs, toMs) as PauseRow[];
  }

  categories(
    officeId: string,
  ): Array<{ id: string; prefix: string; names: string; max_wait_minutes: number | null }> {
    return this.sql('SELECT id, prefix, names, max_wait_minutes FROM categories WHERE office_id = ?').all(
      officeId,
    ) as Array<{ id: string; prefix: string; names: string; max_wait_minutes: number | null }>;
  }

  counters(officeId: string): Array<{ id: string; name: string; number: number }> {
    return this.sql('SELECT id, name, number FROM counters WHERE office_id = ?').all(officeId) as Array<{
      id: string;
      name: string;
      number: number;
    }>;
  }

  users(officeId: string): Array<{ id: string; display_name: string }> {
    return this.sql('SELECT id, display_name FROM users WHERE office_id = ?').all(officeId) as Array<{
      id: string;
      display_name: string;
    }>;
  }

  /** Days of [from, to] whose tickets were folded into aggregates. */
  foldedDays(officeId: string, from: string, to: string): string[] {
    return this.sql(
      'SELECT service_day FROM report_days WHERE office_id = ? AND service_day BETWEEN ? AND ? ORDER BY service_day',
    )
      .pluck()
      .all(officeId, from, to) as string[];
  }

  storedGroups(officeId: string, from: string, to: string): ReportGroup[] {
    const rows = this.sql(
      `SELECT service_day, category_id, counter_id, clerk_user_id, priority, issued, served, no_show, transferred,
              cancelled, over_max_wait, wait_seconds, service_seconds, arrivals_by_hour
         FROM report_day_groups WHERE office_id = ? AND service_day BETWEEN ? AND ? ORDER BY id`,
    ).all(officeId, from, to) as GroupRow[];
    return rows.map((r) => ({
      serviceDay: r.service_day,
      categoryId: r.category_id,
      counterId: r.counter_id,
      clerkId: r.clerk_user_id,
      priority: r.priority === 1,
      issued: r.issued,
      served: r.served,
      noShow: r.no_show,
      transferred: r.transferred,
      cancelled: r.cancelled,
      overMaxWait: r.over_max_wait,
      waitSeconds: JSON.parse(r.wait_seconds) as number[],
      serviceSeconds: JSON.parse(r.service_seconds) as number[],
      arrivalsByHour: JSON.parse(r.arrivals_by_hour) as number[],
    }));
  }

  /** Service days of the office's ticket records before `day` (exclusive), oldest first. */
  ticketDaysBefore(officeId: string, day: string): string[] {
    return this.sql(
      'SELECT DISTINCT service_day FROM tickets WHERE office_id = ? AND service_day < ? ORDER BY service_day',
    )
      .pluck()
      .all(officeId, day) as string[];
  }

  /**
   * Stores a day's groups and deletes its ticket records (events first: they reference the
   * tickets) and its numbering series. Run inside a write transaction.
   */
  foldDay(officeId: string, day: string, groups: readonly ReportGroup[], now: number): number {
    this.sql('INSERT OR IGNORE INTO report_days (office_id, service_day, folded_at) VALUES (?, ?, ?)').run(
      officeId,
      day,
      now,
    );
    const insert = this.sql(
      `INSERT INTO report_day_groups (office_id, service_day, category_id, counter_id, clerk_user_id, priority, issued,
         served, no_show, transferred, cancelled, over_max_wait, wait_seconds, service_seconds, arrivals_by_hour)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const g of groups) {
      insert.run(
        officeId,
        day,
        g.categoryId,
        g.counterId,
        g.clerkId,
        g.priority ? 1 : 0,
        g.issued,
        g.served,
        g.noShow,
        g.transferred,
        g.cancelled,
        g.overMaxWait,
        JSON.stringify(g.waitSeconds),
        JSON.stringify(g.serviceSeconds),
        JSON.stringify(g.arrivalsByHour),
      );
    }
    this.sql(
      'DELETE FROM ticket_events WHERE ticket_id IN (SELECT id FROM tickets WHERE office_id = ? AND service_day = ?)',
    ).run(officeId, day);
    const deleted = this.sql('DELETE FROM tickets WHERE office_id = ? AND service_day = ?').run(
      officeId,
      day,
    ).changes;
    this.sql(
      'DELETE FROM ticket_series WHERE service_day = ? AND category_id IN (SELECT id FROM categories WHERE office_id = ?)',
    ).run(day, officeId);
    return deleted;
  }
}
