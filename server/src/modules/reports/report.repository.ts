import type { PauseReason, TicketState } from '@numerek/shared';
import { Repository } from '../../db/repository.ts';
import type { BookingFact, BookingGroup } from './report-bookings.ts';
import type { ReportGroup, TicketFact } from './report-core.ts';

interface TicketFactRow {
  id: string;
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
  transferred_in: number;
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
  /**
   * The office's ticket legs of the days. A transfer's leg has its parent's service day, so the
   * first ticket of its visit is among the rows read.
   */
  async ticketFacts(officeId: string, from: string, to: string): Promise<TicketFact[]> {
    const rows = await this.db.all<TicketFactRow>(
      `SELECT id, service_day, category_id, counter_id, clerk_user_id, priority_weight, state, parent_ticket_id,
              issued_at, called_at, started_at, finished_at
         FROM tickets WHERE office_id = ? AND service_day BETWEEN ? AND ?`,
      [officeId, from, to],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const visitIssuedAt = (r: TicketFactRow): number => {
      let first = r;
      // A chain is a handful of legs; the bound only guards against a cycle in bad data.
      for (let i = 0; first.parent_ticket_id !== null && i < rows.length; i++) {
        const parent = byId.get(first.parent_ticket_id);
        if (!parent) break;
        first = parent;
      }
      return Number(first.issued_at);
    };
    return rows.map((r) => ({
      serviceDay: r.service_day,
      categoryId: r.category_id,
      counterId: r.counter_id,
      clerkId: r.clerk_user_id,
      priority: r.priority_weight > 1,
      state: r.state,
      original: r.parent_ticket_id === null,
      issuedAt: r.issued_at,
      visitIssuedAt: visitIssuedAt(r),
      calledAt: r.called_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }));
  }

  /** The office's bookings of the days, with the first call of the ticket each was checked in for. */
  async bookingFacts(officeId: string, from: string, to: string): Promise<BookingFact[]> {
    const rows = await this.db.all<{
      service_day: string;
      category_id: string;
      status: BookingFact['status'];
      slot_at: number;
      called_at: number | null;
    }>(
      `SELECT b.service_day, b.category_id, b.status, b.slot_at, t.called_at
         FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id
        WHERE b.office_id = ? AND b.service_day BETWEEN ? AND ?`,
      [officeId, from, to],
    );
    return rows.map((r) => ({
      serviceDay: r.service_day,
      categoryId: r.category_id,
      status: r.status,
      slotAt: Number(r.slot_at),
      calledAt: r.called_at === null ? null : Number(r.called_at),
    }));
  }

  async storedBookingGroups(officeId: string, from: string, to: string): Promise<BookingGroup[]> {
    const rows = await this.db.all<{
      service_day: string;
      category_id: string;
      booked: number;
      checked_in: number;
      no_show: number;
      slot_to_call_seconds: string;
    }>(
      `SELECT service_day, category_id, booked, checked_in, no_show, slot_to_call_seconds
         FROM report_day_bookings WHERE office_id = ? AND service_day BETWEEN ? AND ?
        ORDER BY service_day, category_id`,
      [officeId, from, to],
    );
    return rows.map((r) => ({
      serviceDay: r.service_day,
      categoryId: r.category_id,
      booked: r.booked,
      checkedIn: r.checked_in,
      noShow: r.no_show,
      slotToCallSeconds: JSON.parse(r.slot_to_call_seconds) as number[],
    }));
  }

  /** Pauses of the office's counters that started in [fromMs, toMs). */
  pauses(officeId: string, fromMs: number, toMs: number): Promise<PauseRow[]> {
    return this.db.all<PauseRow>(
      `SELECT s.counter_id, s.user_id, p.reason, p.started_at, p.ended_at
         FROM counter_pauses p
         JOIN counter_sessions s ON s.id = p.session_id
         JOIN counters c ON c.id = s.counter_id
        WHERE c.office_id = ? AND p.started_at >= ? AND p.started_at < ?`,
      [officeId, fromMs, toMs],
    );
  }

  categories(
    officeId: string,
  ): Promise<Array<{ id: string; prefix: string; names: string; max_wait_minutes: number | null }>> {
    return this.db.all('SELECT id, prefix, names, max_wait_minutes FROM categories WHERE office_id = ?', [
      officeId,
    ]);
  }

  counters(officeId: string): Promise<Array<{ id: string; name: string; number: number }>> {
    return this.db.all('SELECT id, name, number FROM counters WHERE office_id = ?', [officeId]);
  }

  users(officeId: string): Promise<Array<{ id: string; display_name: string }>> {
    return this.db.all('SELECT id, display_name FROM users WHERE office_id = ?', [officeId]);
  }

  /** Days of [from, to] whose tickets were folded into aggregates. */
  async foldedDays(officeId: string, from: string, to: string): Promise<string[]> {
    const rows = await this.db.all<{ service_day: string }>(
      'SELECT service_day FROM report_days WHERE office_id = ? AND service_day BETWEEN ? AND ? ORDER BY service_day',
      [officeId, from, to],
    );
    return rows.map((r) => r.service_day);
  }

  async storedGroups(officeId: string, from: string, to: string): Promise<ReportGroup[]> {
    const rows = await this.db.all<GroupRow>(
      `SELECT service_day, category_id, counter_id, clerk_user_id, priority, issued, transferred_in, served, no_show,
              transferred, cancelled, over_max_wait, wait_seconds, service_seconds, arrivals_by_hour
         FROM report_day_groups WHERE office_id = ? AND service_day BETWEEN ? AND ? ORDER BY id`,
      [officeId, from, to],
    );
    return rows.map((r) => ({
      serviceDay: r.service_day,
      categoryId: r.category_id,
      counterId: r.counter_id,
      clerkId: r.clerk_user_id,
      priority: r.priority === 1,
      issued: r.issued,
      transferredIn: r.transferred_in,
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

  /**
   * Service days of the office's ticket records or bookings before `day` (exclusive), oldest
   * first: a day whose booked clients all stayed away has bookings and no tickets.
   */
  async ticketDaysBefore(officeId: string, day: string): Promise<string[]> {
    const rows = await this.db.all<{ service_day: string }>(
      `SELECT service_day FROM tickets WHERE office_id = ? AND service_day < ?
       UNION SELECT service_day FROM bookings WHERE office_id = ? AND service_day < ?
       ORDER BY service_day`,
      [officeId, day, officeId, day],
    );
    return rows.map((r) => r.service_day);
  }

  /**
   * Stores a day's groups and its bookings' groups, and deletes its ticket records (events first:
   * they reference the tickets), its bookings (with their contacts) and its numbering series. Run
   * inside a write.
   */
  async foldDay(
    officeId: string,
    day: string,
    groups: readonly ReportGroup[],
    bookingGroups: readonly BookingGroup[],
    now: number,
  ): Promise<number> {
    await this.db.run(
      'INSERT INTO report_days (office_id, service_day, folded_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [officeId, day, now],
    );
    for (const g of groups) {
      await this.db.run(
        `INSERT INTO report_day_groups (office_id, service_day, category_id, counter_id, clerk_user_id, priority, issued,
           transferred_in, served, no_show, transferred, cancelled, over_max_wait, wait_seconds, service_seconds,
           arrivals_by_hour)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          officeId,
          day,
          g.categoryId,
          g.counterId,
          g.clerkId,
          g.priority ? 1 : 0,
          g.issued,
          g.transferredIn,
          g.served,
          g.noShow,
          g.transferred,
          g.cancelled,
          g.overMaxWait,
          JSON.stringify(g.waitSeconds),
          JSON.stringify(g.serviceSeconds),
          JSON.stringify(g.arrivalsByHour),
        ],
      );
    }
    for (const g of bookingGroups) {
      await this.db.run(
        `INSERT INTO report_day_bookings (office_id, service_day, category_id, booked, checked_in, no_show,
           slot_to_call_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (office_id, service_day, category_id) DO NOTHING`,
        [officeId, day, g.categoryId, g.booked, g.checkedIn, g.noShow, JSON.stringify(g.slotToCallSeconds)],
      );
    }
    await this.db.run('DELETE FROM bookings WHERE office_id = ? AND service_day = ?', [officeId, day]);
    await this.db.run(
      'DELETE FROM ticket_events WHERE ticket_id IN (SELECT id FROM tickets WHERE office_id = ? AND service_day = ?)',
      [officeId, day],
    );
    const deleted = (
      await this.db.run('DELETE FROM tickets WHERE office_id = ? AND service_day = ?', [officeId, day])
    ).changes;
    await this.db.run(
      'DELETE FROM ticket_series WHERE service_day = ? AND category_id IN (SELECT id FROM categories WHERE office_id = ?)',
      [day, officeId],
    );
    return deleted;
  }
}
