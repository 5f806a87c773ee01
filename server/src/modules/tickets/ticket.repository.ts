import type { Language, TicketState } from '@numerek/shared';
import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';
import type { WaitingTicket } from '../queue/queue-policy.ts';

export interface TicketRow {
  id: string;
  office_id: string;
  category_id: string;
  service_day: string;
  number: number;
  code: string;
  priority_weight: number;
  state: TicketState;
  counter_id: string | null;
  clerk_user_id: string | null;
  target_counter_id: string | null;
  parent_ticket_id: string | null;
  note: string | null;
  language: Language;
  issued_at: number;
  queued_at: number;
  called_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  recall_count: number;
  call_reason: string | null;
  /** The call's CallDecision as JSON; null before the call and for calls stored as text only. */
  call_decision: string | null;
  estimate_min: number;
  estimate_max: number;
  issued_by_device_id: string | null;
  issued_by_user_id: string | null;
  interpreter_requested: number;
}

export type NewTicket = Omit<
  TicketRow,
  | 'called_at'
  | 'started_at'
  | 'finished_at'
  | 'recall_count'
  | 'call_reason'
  | 'call_decision'
  | 'counter_id'
  | 'clerk_user_id'
>;

export interface TicketEventRow {
  ticket_id: string;
  office_id: string;
  type: string;
  at: number;
  actor_kind: 'user' | 'device' | 'system';
  actor_id: string | null;
  counter_id: string | null;
  data: string;
}

// Columns that decide whether and where a ticket waits.
const QUEUE_COLUMNS = new Set(['state', 'category_id', 'target_counter_id', 'queued_at', 'priority_weight']);

const WAITING_COLUMNS = 'id, code, category_id, priority_weight, queued_at, target_counter_id';
type WaitingRow = Pick<
  TicketRow,
  'id' | 'code' | 'category_id' | 'priority_weight' | 'queued_at' | 'target_counter_id'
>;
const toWaiting = (r: WaitingRow): WaitingTicket => ({
  id: r.id,
  code: r.code,
  categoryId: r.category_id,
  weight: r.priority_weight,
  queuedAt: r.queued_at,
  targetCounterId: r.target_counter_id,
});

/** The only place with ticket SQL. All writes run inside the caller's WriteQueue transaction. */
export class TicketRepository extends Repository {
  private readonly s;
  /**
   * The waiting tickets of each category (not transferred to a counter), kept in memory once
   * read: the estimate for a priority ticket and the status page walk this list on every call.
   * Every ticket write goes through this repository, which keeps it current; a rolled-back write
   * clears it (see WriteQueue.onRollback).
   */
  private readonly waiting = new Map<string, Map<string, WaitingTicket>>();

  constructor(db: Db) {
    super(db);
    this.s = {
      find: db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE id = ?'),
      child: db.prepare<[string], TicketRow>(
        'SELECT * FROM tickets WHERE parent_ticket_id = ? ORDER BY issued_at DESC LIMIT 1',
      ),
      lastNumber: db.prepare<[string, string], { last_number: number }>(
        'SELECT last_number FROM ticket_series WHERE category_id = ? AND service_day = ?',
      ),
      allocate: db.prepare<[string, string], { last_number: number }>(
        `INSERT INTO ticket_series (category_id, service_day, last_number) VALUES (?, ?, 1)
         ON CONFLICT (category_id, service_day) DO UPDATE SET last_number = last_number + 1
         RETURNING last_number`,
      ),
      insert: db.prepare(
        `INSERT INTO tickets (id, office_id, category_id, service_day, number, code, priority_weight, state, target_counter_id,
           parent_ticket_id, note, language, issued_at, queued_at, estimate_min, estimate_max, issued_by_device_id, issued_by_user_id,
           interpreter_requested)
         VALUES (@id, @office_id, @category_id, @service_day, @number, @code, @priority_weight, @state, @target_counter_id,
           @parent_ticket_id, @note, @language, @issued_at, @queued_at, @estimate_min, @estimate_max, @issued_by_device_id, @issued_by_user_id,
           @interpreter_requested)`,
      ),
      event: db.prepare(
        `INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind, actor_id, counter_id, data)
         VALUES (@ticket_id, @office_id, @type, @at, @actor_kind, @actor_id, @counter_id, @data)`,
      ),
      events: db.prepare<[string], TicketEventRow>(
        'SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id',
      ),
      lastIssuedAt: db.prepare<[string]>('SELECT max(issued_at) FROM tickets WHERE office_id = ?').pluck(),
      waitingInCategory: db.prepare<[string], WaitingRow>(
        `SELECT ${WAITING_COLUMNS} FROM tickets WHERE state = 'waiting' AND target_counter_id IS NULL AND category_id = ?`,
      ),
      weights: db
        .prepare<[{ category: string }]>(
          `WITH RECURSIVE w(x) AS (
             SELECT (SELECT min(priority_weight) FROM tickets WHERE state = 'waiting' AND target_counter_id IS NULL AND category_id = @category)
             UNION ALL
             SELECT (SELECT min(priority_weight) FROM tickets
                     WHERE state = 'waiting' AND target_counter_id IS NULL AND category_id = @category AND priority_weight > w.x)
             FROM w WHERE w.x IS NOT NULL)
           SELECT x FROM w WHERE x IS NOT NULL`,
        )
        .pluck(),
      classHeads: db.prepare<[string, number], WaitingRow>(
        `SELECT ${WAITING_COLUMNS} FROM tickets
         WHERE state = 'waiting' AND target_counter_id IS NULL AND category_id = ? AND priority_weight = ?
         ORDER BY queued_at, id LIMIT 2`,
      ),
      targeted: db.prepare<[string], WaitingRow>(
        `SELECT ${WAITING_COLUMNS} FROM tickets WHERE state = 'waiting' AND target_counter_id = ? ORDER BY queued_at, id`,
      ),
      waitingRows: db.prepare<[{ categories: string; counter: string; limit: number }], TicketRow>(
        `SELECT t.* FROM tickets t JOIN (
           SELECT id, row_number() OVER (PARTITION BY category_id ORDER BY queued_at, id) AS place FROM tickets
           WHERE state = 'waiting' AND target_counter_id IS NULL
             AND category_id IN (SELECT value FROM json_each(@categories))
         ) w ON w.id = t.id WHERE w.place <= @limit
         UNION ALL
         SELECT * FROM tickets WHERE state = 'waiting' AND target_counter_id = @counter`,
      ),
      meanService: db
        .prepare<[string]>(
          `SELECT avg(finished_at - started_at) FROM (
             SELECT finished_at, started_at FROM tickets
             WHERE state = 'finished' AND category_id = ? AND started_at IS NOT NULL
             ORDER BY finished_at DESC LIMIT 20)`,
        )
        .pluck(),
    };
  }

  find(id: string): TicketRow | null {
    return this.s.find.get(id) ?? null;
  }

  /** The ticket that continued this one after a transfer, if any. */
  childOf(id: string): TicketRow | null {
    return this.s.child.get(id) ?? null;
  }

  issuedToday(categoryId: string, serviceDay: string): number {
    return this.s.lastNumber.get(categoryId, serviceDay)?.last_number ?? 0;
  }

  /** Next number of the category's series for the day; must run in the issuing transaction. */
  allocateNumber(categoryId: string, serviceDay: string): number {
    const r = this.s.allocate.get(categoryId, serviceDay);
    if (!r) throw new Error('number allocation returned nothing');
    return r.last_number;
  }

  /**
   * The issue time for a new ticket: now, or 1 ms after the office's last ticket if that is not
   * earlier. Issue times are then strictly increasing, so arrival order is total even for tickets
   * issued in the same millisecond, and ties in the queue go to the ticket issued first.
   */
  issueTime(officeId: string, now: number): number {
    const last = this.s.lastIssuedAt.get(officeId) as number | null;
    return last !== null && last >= now ? last + 1 : now;
  }

  insert(t: NewTicket): void {
    this.s.insert.run(t);
    if (t.state === 'waiting' && t.target_counter_id === null)
      this.waiting.get(t.category_id)?.set(t.id, toWaiting(t));
  }

  /** Drops the in-memory waiting lists; they are read again on next use. */
  forgetCached(): void {
    this.waiting.clear();
  }

  update(id: string, fields: Partial<Omit<TicketRow, 'id'>>): void {
    const keys = Object.keys(fields);
    if (!keys.length) return;
    if (keys.some((k) => QUEUE_COLUMNS.has(k))) this.waiting.clear();
    this.sql(`UPDATE tickets SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({
      ...fields,
      id,
    });
  }

  /** Moves a ticket between states only if it is still in `from`; false if someone else got there first. */
  transition(id: string, from: TicketState, fields: Partial<Omit<TicketRow, 'id'>>): boolean {
    const keys = Object.keys(fields);
    const r = this.sql(
      `UPDATE tickets SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id AND state = @from`,
    ).run({
      ...fields,
      id,
      from,
    });
    if (r.changes === 1 && from === 'waiting') {
      for (const queue of this.waiting.values()) queue.delete(id);
    }
    return r.changes === 1;
  }

  addEvent(e: Omit<TicketEventRow, 'data'> & { data?: Record<string, unknown> }): void {
    this.s.event.run({ ...e, data: JSON.stringify(e.data ?? {}) });
  }

  events(ticketId: string): TicketEventRow[] {
    return this.s.events.all(ticketId);
  }

  countWaiting(categoryId: string): number {
    return this.queue(categoryId).size;
  }

  waitingInCategory(categoryId: string): WaitingTicket[] {
    return [...this.queue(categoryId).values()];
  }

  private queue(categoryId: string): Map<string, WaitingTicket> {
    let queue = this.waiting.get(categoryId);
    if (!queue) {
      queue = new Map(this.s.waitingInCategory.all(categoryId).map((r) => [r.id, toWaiting(r)]));
      this.waiting.set(categoryId, queue);
    }
    return queue;
  }

  /**
   * The tickets the policy needs to choose for a counter: the two oldest of each
   * (category, weight) class plus those transferred to the counter. Within a class the score,
   * the maximum wait and strict mode all prefer the oldest, so the policy's choice (and the
   * runner-up it names) over these few equals its choice over the whole queue, and `next`
   * stays fast however long the queue is.
   */
  candidates(categoryIds: readonly string[], counterId: string): WaitingTicket[] {
    const out: WaitingTicket[] = this.s.targeted.all(counterId).map(toWaiting);
    for (const categoryId of categoryIds) {
      for (const weight of this.s.weights.all({ category: categoryId }) as number[]) {
        for (const r of this.s.classHeads.all(categoryId, weight)) out.push(toWaiting(r));
      }
    }
    return out;
  }

  /**
   * The waiting tickets a counter may call, whole, for the clerk's list: those transferred to the
   * counter, and the `limit` longest-waiting of each category it serves, in one read.
   */
  waitingRowsFor(categoryIds: readonly string[], counterId: string, limit: number): TicketRow[] {
    return this.s.waitingRows.all({ categories: JSON.stringify(categoryIds), counter: counterId, limit });
  }

  /** The code last called today in a category (recalls included), or null. */
  lastCalledCode(categoryId: string, serviceDay: string): string | null {
    return (
      (this.sql(
        `SELECT code FROM tickets WHERE category_id = ? AND service_day = ? AND called_at IS NOT NULL
         ORDER BY called_at DESC LIMIT 1`,
      )
        .pluck()
        .get(categoryId, serviceDay) as string | undefined) ?? null
    );
  }

  /** Rolling mean service time over the category's last 20 finished tickets, in minutes; null if none. */
  meanServiceMinutes(categoryId: string): number | null {
    const ms = this.s.meanService.get(categoryId) as number | null;
    return ms === null ? null : ms / 60_000;
  }
}
