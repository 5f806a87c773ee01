import type { Language, TicketState } from '@numerek/shared';
import { CacheGuard } from '../../db/cache-guard.ts';
import { Repository, type CacheScope } from '../../db/repository.ts';
import type { WaitingTicket } from '../queue/queue-policy.ts';
import type { Read } from '../../db/write-queue.ts';

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
  /** 1: checked in for a booking; `queued_at` is then the slot's start. */
  booked: number;
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

const WAITING_COLUMNS = 'id, code, category_id, priority_weight, queued_at, target_counter_id, booked';
type WaitingRow = Pick<
  TicketRow,
  'id' | 'code' | 'category_id' | 'priority_weight' | 'queued_at' | 'target_counter_id' | 'booked'
>;
const toWaiting = (r: WaitingRow): WaitingTicket => ({
  id: r.id,
  code: r.code,
  categoryId: r.category_id,
  weight: r.priority_weight,
  queuedAt: r.queued_at,
  targetCounterId: r.target_counter_id,
  ...(r.booked === 1 ? { booked: true } : {}),
});

const WAITING = `state = 'waiting' AND target_counter_id IS NULL`;

/**
 * How many of a category's last finished services the mean service time is taken over: enough
 * that a few long cases do not swing a long queue's estimate (twenty moved it by a sixth either
 * way at a 12-minute category: docs/decisions/0007-wait-estimate.md), few enough to follow the day.
 */
export const ROLLING_SERVICES = 60;

/** Walk-ins of a category issued over a period (see {@link TicketRepository.walkInsIssuedSince}). */
export interface WalkInsIssued {
  priority: number;
  /** The highest priority weight among them (1 when none). */
  weight: number;
  regular: number;
}

const SQL = {
  find: 'SELECT * FROM tickets WHERE id = ?',
  child: 'SELECT * FROM tickets WHERE parent_ticket_id = ? ORDER BY issued_at DESC LIMIT 1',
  byCode: `SELECT id FROM tickets
     WHERE office_id = ? AND service_day = ? AND code = ? AND parent_ticket_id IS NULL LIMIT 1`,
  lastNumber: 'SELECT last_number FROM ticket_series WHERE category_id = ? AND service_day = ?',
  allocate: `INSERT INTO ticket_series (category_id, service_day, last_number) VALUES (?, ?, 1)
     ON CONFLICT (category_id, service_day) DO UPDATE SET last_number = ticket_series.last_number + 1
     RETURNING last_number`,
  insert: `INSERT INTO tickets (id, office_id, category_id, service_day, number, code, priority_weight, state, target_counter_id,
       parent_ticket_id, note, language, issued_at, queued_at, estimate_min, estimate_max, issued_by_device_id, issued_by_user_id,
       interpreter_requested, booked)
     VALUES (@id, @office_id, @category_id, @service_day, @number, @code, @priority_weight, @state, @target_counter_id,
       @parent_ticket_id, @note, @language, @issued_at, @queued_at, @estimate_min, @estimate_max, @issued_by_device_id, @issued_by_user_id,
       @interpreter_requested, @booked)`,
  event: `INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind, actor_id, counter_id, data)
     VALUES (@ticket_id, @office_id, @type, @at, @actor_kind, @actor_id, @counter_id, @data)`,
  events: 'SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id',
  lastIssuedAt: 'SELECT max(issued_at) FROM tickets WHERE office_id = ?',
  waitingInCategory: `SELECT ${WAITING_COLUMNS}, office_id FROM tickets WHERE ${WAITING} AND category_id = ?`,
  // The distinct weights of a category's waiting tickets, one index seek each.
  weights: `WITH RECURSIVE w(x) AS (
       SELECT (SELECT min(priority_weight) FROM tickets WHERE ${WAITING} AND category_id = @category)
       UNION ALL
       SELECT (SELECT min(priority_weight) FROM tickets
               WHERE ${WAITING} AND category_id = @category AND priority_weight > w.x)
       FROM w WHERE w.x IS NOT NULL)
     SELECT x FROM w WHERE x IS NOT NULL`,
  // Per category, how many tickets transferred to a counter wait, and since when.
  countsTargeted: `SELECT category_id, count(*) AS n, min(queued_at) AS oldest FROM tickets
     WHERE state = 'waiting' AND target_counter_id = @counter GROUP BY category_id`,
  lastCalledCode: `SELECT code FROM tickets WHERE category_id = ? AND service_day = ? AND called_at IS NOT NULL
     ORDER BY called_at DESC LIMIT 1`,
  meanService: `SELECT avg(finished_at - started_at) FROM (
       SELECT finished_at, started_at FROM tickets
       WHERE state = 'finished' AND category_id = ? AND started_at IS NOT NULL
       ORDER BY finished_at DESC LIMIT ${ROLLING_SERVICES}) AS recent`,
} as const;

/**
 * The heads of a counter's queue classes: the tickets transferred to the counter, the `limit`
 * oldest of each (category, weight) class of walk-ins, and the booked tickets, read whole (a few a
 * day, in an index of their own). Booked tickets are a class of their own: another weight and
 * maximum wait, counted from the slot.
 */
const HEADS = {
  targeted: `SELECT ${WAITING_COLUMNS} FROM tickets WHERE state = 'waiting' AND target_counter_id = ? ORDER BY queued_at, id`,
  classHeads: `SELECT ${WAITING_COLUMNS} FROM tickets
     WHERE ${WAITING} AND category_id = ? AND priority_weight = ? AND booked = 0
     ORDER BY queued_at, id LIMIT ?`,
  booked: `SELECT ${WAITING_COLUMNS} FROM tickets WHERE ${WAITING} AND category_id = ? AND booked = 1`,
  // PostgreSQL: the same seeks and `weights` for every category at once, in one statement (one
  // round trip, while the office's lock is held when a call reads it).
  pg: `WITH RECURSIVE w(category_id, x) AS (
       SELECT c.id, (SELECT min(priority_weight) FROM tickets WHERE ${WAITING} AND category_id = c.id)
       FROM unnest(@categories::text[]) AS c(id)
       UNION ALL
       SELECT w.category_id, (SELECT min(priority_weight) FROM tickets
               WHERE ${WAITING} AND category_id = w.category_id AND priority_weight > w.x)
       FROM w WHERE w.x IS NOT NULL)
     SELECT ${WAITING_COLUMNS} FROM tickets WHERE state = 'waiting' AND target_counter_id = @counter
     UNION ALL
     SELECT h.* FROM w CROSS JOIN LATERAL (
       SELECT ${WAITING_COLUMNS} FROM tickets
       WHERE ${WAITING} AND category_id = w.category_id AND priority_weight = w.x AND booked = 0
       ORDER BY queued_at, id LIMIT @limit) h
     WHERE w.x IS NOT NULL
     UNION ALL
     SELECT ${WAITING_COLUMNS} FROM tickets
     WHERE ${WAITING} AND booked = 1 AND category_id = ANY(@categories::text[])`,
};

/** `@c0, @c1, …` for a list matched with IN, and the values by those names. */
function listParams(
  prefix: string,
  values: readonly string[],
): { names: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  values.forEach((v, i) => (params[`${prefix}${i}`] = v));
  return { names: values.map((_, i) => `@${prefix}${i}`).join(', '), params };
}

/** The only place with ticket SQL. All writes run inside the caller's write. */
export class TicketRepository extends Repository {
  /**
   * The waiting tickets of each category (not transferred to a counter), kept in memory once
   * read: the estimate for a priority ticket and the status page walk this list on every call.
   * Every ticket write goes through this repository, which keeps it current; a rolled-back write
   * clears it (see WriteQueue.onRollback), and a list read while a write changed tickets is not
   * kept (see CacheGuard).
   */
  private readonly waiting = new Map<string, Map<string, WaitingTicket>>();
  /** The office of each category whose list is kept, once a ticket has shown it. */
  private readonly officeOf = new Map<string, string>();
  private readonly guard = new CacheGuard();

  async find(id: string): Promise<TicketRow | null> {
    return (await this.db.get<TicketRow>(SQL.find, [id])) ?? null;
  }

  /** The id of an office's ticket issued on a service day with this code (its first leg), if any. */
  async idByCode(officeId: string, serviceDay: string, code: string): Promise<string | null> {
    return (await this.db.get<{ id: string }>(SQL.byCode, [officeId, serviceDay, code]))?.id ?? null;
  }

  /** The ticket that continued this one after a transfer, if any. */
  async childOf(id: string): Promise<TicketRow | null> {
    return (await this.db.get<TicketRow>(SQL.child, [id])) ?? null;
  }

  /**
   * Walk-ins (not checked-in bookings) issued per category since `since`: how many were priority
   * tickets and their weight, and how many regular. The wait estimate expects as many again.
   * Read through the office's issue-time index.
   */
  async walkInsIssuedSince(
    officeId: string,
    categoryIds: readonly string[],
    since: number,
  ): Promise<Map<string, WalkInsIssued>> {
    const out = new Map<string, WalkInsIssued>();
    if (categoryIds.length === 0) return out;
    const rows = await this.db.all<{
      category_id: string;
      p: number | string;
      r: number | string;
      w: number | string | null;
    }>(
      `SELECT category_id,
         sum(CASE WHEN priority_weight > 1 THEN 1 ELSE 0 END) AS p,
         sum(CASE WHEN priority_weight > 1 THEN 0 ELSE 1 END) AS r,
         max(CASE WHEN priority_weight > 1 THEN priority_weight END) AS w
       FROM tickets
       WHERE office_id = ? AND issued_at >= ? AND category_id IN (${categoryIds.map(() => '?').join(', ')})
         AND booked = 0
       GROUP BY category_id`,
      [officeId, since, ...categoryIds],
    );
    for (const r of rows)
      out.set(r.category_id, {
        priority: Number(r.p),
        weight: r.w === null ? 1 : Number(r.w),
        regular: Number(r.r),
      });
    return out;
  }

  async issuedToday(categoryId: string, serviceDay: string): Promise<number> {
    return (await this.db.value<number>(SQL.lastNumber, [categoryId, serviceDay])) ?? 0;
  }

  /** Next number of the category's series for the day; must run in the issuing write. */
  async allocateNumber(categoryId: string, serviceDay: string): Promise<number> {
    const n = await this.db.value<number>(SQL.allocate, [categoryId, serviceDay]);
    if (n === undefined) throw new Error('number allocation returned nothing');
    return n;
  }

  /**
   * The issue time for a new ticket: now, or 1 ms after the office's last ticket if that is not
   * earlier. Issue times are then strictly increasing, so arrival order is total even for tickets
   * issued in the same millisecond, and ties in the queue go to the ticket issued first.
   */
  async issueTime(officeId: string, now: number): Promise<number> {
    const last = (await this.db.value<number | null>(SQL.lastIssuedAt, [officeId])) ?? null;
    return last !== null && last >= now ? last + 1 : now;
  }

  async insert(t: NewTicket): Promise<void> {
    this.guard.touch();
    await this.db.run(SQL.insert, t);
    if (t.state === 'waiting' && t.target_counter_id === null) {
      const queue = this.waiting.get(t.category_id);
      queue?.set(t.id, toWaiting(t));
      if (queue) this.officeOf.set(t.category_id, t.office_id);
    }
  }

  /**
   * Drops the in-memory waiting lists, read again on next use: with a scope, those of its office
   * (and those whose office is not known, being empty).
   */
  forgetCached(scope?: CacheScope): void {
    this.guard.touch();
    if (!scope) {
      this.waiting.clear();
      this.officeOf.clear();
      return;
    }
    for (const categoryId of [...this.waiting.keys()]) {
      const office = this.officeOf.get(categoryId);
      if (office !== undefined && office !== scope.officeId) continue;
      this.waiting.delete(categoryId);
      this.officeOf.delete(categoryId);
    }
  }

  async update(id: string, fields: Partial<Omit<TicketRow, 'id'>>): Promise<void> {
    const keys = Object.keys(fields);
    if (!keys.length) return;
    if (keys.some((k) => QUEUE_COLUMNS.has(k))) this.forgetCached();
    await this.db.run(`UPDATE tickets SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`, {
      ...fields,
      id,
    });
  }

  /**
   * Moves a ticket between states only if it is still in `from`, and answers it as changed (one
   * statement, no read after it); null if someone else got there first.
   */
  async transition(
    id: string,
    from: TicketState,
    fields: Partial<Omit<TicketRow, 'id'>>,
  ): Promise<TicketRow | null> {
    const keys = Object.keys(fields);
    if (from === 'waiting') this.guard.touch();
    const row = await this.db.get<TicketRow>(
      `UPDATE tickets SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id AND state = @from RETURNING *`,
      { ...fields, id, from },
    );
    if (row && from === 'waiting') {
      for (const queue of this.waiting.values()) queue.delete(id);
    }
    return row ?? null;
  }

  /**
   * Puts a called ticket back among the waiting ones, as if it had not been called: its place in
   * the queue (`queued_at`, and any counter it was sent to) stays as it was, and it is nobody's at
   * any counter. Null if it was no longer called.
   */
  async returnToQueue(id: string): Promise<TicketRow | null> {
    this.guard.touch();
    const row = await this.db.get<TicketRow>(
      `UPDATE tickets SET state = 'waiting', counter_id = NULL, clerk_user_id = NULL, called_at = NULL,
         call_reason = NULL, call_decision = NULL, recall_count = 0
       WHERE id = ? AND state = 'called' RETURNING *`,
      [id],
    );
    if (row && row.target_counter_id === null) {
      const queue = this.waiting.get(row.category_id);
      queue?.set(row.id, toWaiting(row));
      if (queue) this.officeOf.set(row.category_id, row.office_id);
    }
    return row ?? null;
  }

  async addEvent(e: Omit<TicketEventRow, 'data'> & { data?: Record<string, unknown> }): Promise<void> {
    await this.db.runLater(SQL.event, { ...e, data: JSON.stringify(e.data ?? {}) });
  }

  events(ticketId: string): Promise<TicketEventRow[]> {
    return this.db.all<TicketEventRow>(SQL.events, [ticketId]);
  }

  async countWaiting(categoryId: string): Promise<number> {
    return (await this.queue(categoryId)).size;
  }

  async waitingInCategory(categoryId: string): Promise<WaitingTicket[]> {
    return [...(await this.queue(categoryId)).values()];
  }

  /** How many wait in all of the categories: their lists not kept yet are read in one statement. */
  async countWaitingIn(categoryIds: readonly string[]): Promise<number> {
    let n = 0;
    for (const queue of (await this.queues(categoryIds)).values()) n += queue.size;
    return n;
  }

  /** The waiting tickets of the categories, their lists not kept yet read in one statement. */
  async waitingInCategories(categoryIds: readonly string[]): Promise<WaitingTicket[]> {
    return [...(await this.queues(categoryIds)).values()].flatMap((queue) => [...queue.values()]);
  }

  /** The waiting lists of several categories, those not kept read together and kept as queue() keeps one. */
  private async queues(categoryIds: readonly string[]): Promise<Map<string, Map<string, WaitingTicket>>> {
    const ids = [...new Set(categoryIds)];
    const missing = ids.filter((id) => !this.waiting.has(id));
    /** The lists read together here (kept unless a write overlapped the read). */
    const read = new Map<string, Map<string, WaitingTicket>>();
    if (missing.length > 1) {
      const token = this.guard.begin();
      const list = listParams('c', missing);
      const rows = await this.db.all<WaitingRow & { office_id: string }>(
        `SELECT ${WAITING_COLUMNS}, office_id FROM tickets WHERE ${WAITING} AND category_id IN (${list.names})`,
        list.params,
      );
      for (const id of missing) read.set(id, new Map());
      for (const r of rows) read.get(r.category_id)?.set(r.id, toWaiting(r));
      if (this.guard.mayKeep(token)) {
        for (const r of rows) this.officeOf.set(r.category_id, r.office_id);
        for (const [id, queue] of read) this.waiting.set(id, queue);
      }
    }
    const out = new Map<string, Map<string, WaitingTicket>>();
    for (const id of ids) out.set(id, read.get(id) ?? (await this.queue(id)));
    return out;
  }

  private async queue(categoryId: string): Promise<Map<string, WaitingTicket>> {
    const cached = this.waiting.get(categoryId);
    if (cached) return cached;
    const token = this.guard.begin();
    const rows = await this.db.all<WaitingRow & { office_id: string }>(SQL.waitingInCategory, [categoryId]);
    const queue = new Map(rows.map((r) => [r.id, toWaiting(r)]));
    if (this.guard.mayKeep(token)) {
      this.waiting.set(categoryId, queue);
      const office = rows[0]?.office_id;
      if (office !== undefined) this.officeOf.set(categoryId, office);
    }
    return queue;
  }

  /**
   * The one read {@link candidates} makes on PostgreSQL, for a write to send ahead
   * (WriteOptions.prefetch); null on SQLite, which reads the class heads one by one.
   */
  candidatesRead(categoryIds: readonly string[], counterId: string, perClass = 2): Read | null {
    if (this.db.engine !== 'postgres') return null;
    return { sql: HEADS.pg, params: { categories: [...categoryIds], counter: counterId, limit: perClass } };
  }

  /**
   * The tickets the policy needs to choose for a counter: the two oldest of each
   * (category, weight) class plus those transferred to the counter. Within a class the score,
   * the maximum wait and strict mode all prefer the oldest, so the policy's choice (and the
   * runner-up it names) over these few equals its choice over the whole queue, and `next`
   * stays fast however long the queue is. With `perClass` n, the policy's first n over them
   * are its first n over the whole queue (the clerk's list).
   */
  async candidates(
    categoryIds: readonly string[],
    counterId: string,
    perClass = 2,
  ): Promise<WaitingTicket[]> {
    const read = this.candidatesRead(categoryIds, counterId, perClass);
    if (read) return (await this.db.all<WaitingRow>(read.sql, read.params)).map(toWaiting);
    const out = await this.db.all<WaitingRow>(HEADS.targeted, [counterId]);
    for (const categoryId of categoryIds) {
      const weights = await this.db.all<{ x: number }>(SQL.weights, { category: categoryId });
      for (const { x: weight } of weights)
        out.push(...(await this.db.all<WaitingRow>(HEADS.classHeads, [categoryId, weight, perClass])));
      out.push(...(await this.db.all<WaitingRow>(HEADS.booked, [categoryId])));
    }
    return out.map(toWaiting);
  }

  /** The tickets with these ids, whole, in no particular order (those that exist). */
  async findMany(ids: readonly string[]): Promise<TicketRow[]> {
    if (!ids.length) return [];
    const list = listParams('i', ids);
    return this.db.all<TicketRow>(`SELECT * FROM tickets WHERE id IN (${list.names})`, list.params);
  }

  /**
   * Whether `candidates` would find anyone: a waiting ticket of one of the categories, or one
   * transferred to the counter. Two index seeks in one statement.
   */
  async anyToCall(categoryIds: readonly string[], counterId: string): Promise<boolean> {
    const list = listParams('c', categoryIds);
    const inCategories = categoryIds.length
      ? ` OR EXISTS (SELECT 1 FROM tickets WHERE ${WAITING} AND category_id IN (${list.names}))`
      : '';
    const found = await this.db.value<number>(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM tickets WHERE state = 'waiting' AND target_counter_id = @counter)${inCategories}
         THEN 1 ELSE 0 END`,
      { ...list.params, counter: counterId },
    );
    return Number(found) === 1;
  }

  /**
   * Per category, how many tickets a counter may call wait and the earliest `queued_at` among
   * them: its categories' queues (one index range each) and the tickets transferred to it.
   */
  async waitingCountsFor(
    categoryIds: readonly string[],
    counterId: string,
  ): Promise<Map<string, { waiting: number; oldest: number }>> {
    const list = listParams('c', categoryIds);
    const inCategories = `SELECT category_id, count(*) AS n, min(queued_at) AS oldest FROM tickets
       WHERE ${WAITING} AND category_id IN (${list.names}) GROUP BY category_id UNION ALL `;
    const rows = await this.db.all<{ category_id: string; n: number | string; oldest: number | string }>(
      `${categoryIds.length ? inCategories : ''}${SQL.countsTargeted}`,
      { ...list.params, counter: counterId },
    );
    const out = new Map<string, { waiting: number; oldest: number }>();
    for (const r of rows) {
      const known = out.get(r.category_id);
      const waiting = Number(r.n) + (known?.waiting ?? 0);
      out.set(r.category_id, { waiting, oldest: Math.min(Number(r.oldest), known?.oldest ?? Infinity) });
    }
    return out;
  }

  /**
   * The waiting tickets of the categories that were transferred to one counter (the waiting lists
   * above hold the others): their category and when they joined the queue.
   */
  async transferredWaitingIn(
    categoryIds: readonly string[],
  ): Promise<Array<{ categoryId: string; queuedAt: number }>> {
    if (!categoryIds.length) return [];
    const list = listParams('c', categoryIds);
    const rows = await this.db.all<{ category_id: string; queued_at: number }>(
      `SELECT category_id, queued_at FROM tickets
        WHERE state = 'waiting' AND target_counter_id IS NOT NULL AND category_id IN (${list.names})`,
      list.params,
    );
    return rows.map((r) => ({ categoryId: r.category_id, queuedAt: Number(r.queued_at) }));
  }

  /** The code last called today in a category (recalls included), or null. */
  async lastCalledCode(categoryId: string, serviceDay: string): Promise<string | null> {
    return (await this.db.value<string>(SQL.lastCalledCode, [categoryId, serviceDay])) ?? null;
  }

  /** Rolling mean service time over the category's last {@link ROLLING_SERVICES} finished tickets, in minutes; null if none. */
  async meanServiceMinutes(categoryId: string): Promise<number | null> {
    return (await this.meanServiceMinutesOf([categoryId])).get(categoryId) ?? null;
  }

  /**
   * The mean service time of each category's last {@link ROLLING_SERVICES} finished tickets, in minutes (null for a
   * category with none yet), in one statement: one index seek per category.
   */
  async meanServiceMinutesOf(categoryIds: readonly string[]): Promise<Map<string, number | null>> {
    const means = new Map<string, number | null>();
    if (!categoryIds.length) return means;
    const sql = categoryIds.map((_, i) => `SELECT ${i} AS i, (${SQL.meanService}) AS ms`).join(' UNION ALL ');
    const rows = await this.db.all<{ i: number; ms: number | null }>(sql, categoryIds);
    for (const r of rows) {
      const id = categoryIds[Number(r.i)];
      if (id !== undefined) means.set(id, r.ms === null ? null : Number(r.ms) / 60_000);
    }
    return means;
  }
}
