import { Repository } from '../db/repository.ts';

export interface CallRow {
  ticket_id: string;
  code: string;
  category_id: string;
  counter_id: string;
  at: number;
  type: 'called' | 'recalled';
}

/** The few reads the realtime gateway needs for snapshots; the other modules' repositories stay untouched. */
export class RealtimeRepository extends Repository {
  /**
   * The latest calls and recalls of a service day, newest first, but none of a ticket waiting again
   * (a called client sent back to the queue is called nowhere). `since` bounds the index scan.
   */
  recentCalls(officeId: string, serviceDay: string, since: number, limit: number): Promise<CallRow[]> {
    return this.db.all<CallRow>(
      `SELECT e.ticket_id, t.code, t.category_id, e.counter_id, e.at, e.type
         FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE e.office_id = ? AND e.at >= ? AND e.type IN ('called', 'recalled')
          AND e.counter_id IS NOT NULL AND t.service_day = ? AND t.state <> 'waiting'
        ORDER BY e.at DESC, e.id DESC LIMIT ?`,
      [officeId, since, serviceDay, limit],
    );
  }

  /** Tickets waiting per category of an office. */
  async waitingByCategory(officeId: string): Promise<Map<string, number>> {
    const rows = await this.db.all<{ category_id: string; n: number }>(
      `SELECT category_id, COUNT(*) AS n FROM tickets WHERE office_id = ? AND state = 'waiting' GROUP BY category_id`,
      [officeId],
    );
    return new Map(rows.map((r) => [r.category_id, r.n]));
  }
}
