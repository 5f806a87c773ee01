import type { Counter, CounterState, PauseReason } from '@numerek/shared';
import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';

interface Row {
  id: string;
  office_id: string;
  name: string;
  number: number;
  induction_loop: number;
  low_desk: number;
  sign_language: number;
  active: number;
  state: CounterState;
  session_id: string | null;
  clerk_user_id: string | null;
  clerk_name: string | null;
  serving_category_ids: string;
  pause_reason: PauseReason | null;
  current_ticket_id: string | null;
  consecutive_priority_calls: number;
  state_since: number | null;
}

/** A counter with the live state the workflow needs beyond the protocol view. */
export interface CounterRecord extends Counter {
  sessionId: string | null;
  consecutivePriorityCalls: number;
}

const SELECT = `SELECT c.*, u.display_name AS clerk_name,
  (SELECT json_group_array(category_id) FROM counter_categories cc WHERE cc.counter_id = c.id) AS category_ids
  FROM counters c LEFT JOIN users u ON u.id = c.clerk_user_id`;

const toCounter = (r: Row & { category_ids: string }): CounterRecord => ({
  id: r.id,
  officeId: r.office_id,
  name: r.name,
  number: r.number,
  categoryIds: (JSON.parse(r.category_ids) as string[]).sort(),
  accessibility: {
    inductionLoop: r.induction_loop === 1,
    lowDesk: r.low_desk === 1,
    signLanguage: r.sign_language === 1,
  },
  active: r.active === 1,
  state: r.state,
  clerk: r.clerk_user_id ? { id: r.clerk_user_id, displayName: r.clerk_name ?? '' } : null,
  servingCategoryIds: JSON.parse(r.serving_category_ids) as string[],
  pauseReason: r.pause_reason,
  currentTicketId: r.current_ticket_id,
  stateSince: r.state_since === null ? null : new Date(r.state_since).toISOString(),
  sessionId: r.session_id,
  consecutivePriorityCalls: r.consecutive_priority_calls,
});

/** What the wait estimate needs of a counter: what it is set up for, and what it serves now. */
export interface QueueCounter {
  id: string;
  open: boolean;
  categoryIds: readonly string[];
  servingCategoryIds: readonly string[];
  consecutivePriorityCalls: number;
}

export class CounterRepository extends Repository {
  private readonly byId;
  private readonly byOffice;
  /**
   * The active counters of each office as the estimate sees them, read on every issue. Every
   * write below clears it, and so does a rolled-back write (`forgetCached`, see services.ts).
   */
  private readonly queueCache = new Map<string, readonly QueueCounter[]>();
  constructor(db: Db) {
    super(db);
    this.byId = db.prepare<[string], Row & { category_ids: string }>(`${SELECT} WHERE c.id = ?`);
    this.byOffice = db.prepare<[string], Row & { category_ids: string }>(
      `${SELECT} WHERE c.office_id = ? ORDER BY c.number`,
    );
  }

  find(id: string): CounterRecord | null {
    const r = this.byId.get(id);
    return r ? toCounter(r) : null;
  }

  list(officeId: string): CounterRecord[] {
    return this.byOffice.all(officeId).map(toCounter);
  }

  /** The office's active counters for the wait estimate (cached until a counter changes). */
  queueCounters(officeId: string): readonly QueueCounter[] {
    let counters = this.queueCache.get(officeId);
    if (!counters) {
      counters = this.list(officeId)
        .filter((c) => c.active)
        .map((c) => ({
          id: c.id,
          open: c.state === 'open',
          categoryIds: c.categoryIds,
          servingCategoryIds: c.servingCategoryIds,
          consecutivePriorityCalls: c.consecutivePriorityCalls,
        }));
      this.queueCache.set(officeId, counters);
    }
    return counters;
  }

  forgetCached(): void {
    this.queueCache.clear();
  }

  findByClerk(userId: string): CounterRecord | null {
    const id = this.sql('SELECT id FROM counters WHERE clerk_user_id = ?').pluck().get(userId) as
      string | undefined;
    return id ? this.find(id) : null;
  }

  nextNumber(officeId: string): number {
    return (
      ((this.sql('SELECT max(number) FROM counters WHERE office_id = ?').pluck().get(officeId) as
        number | null) ?? 0) + 1
    );
  }

  numberTaken(officeId: string, number: number, exceptId: string | null): boolean {
    return (
      this.sql('SELECT EXISTS (SELECT 1 FROM counters WHERE office_id = ? AND number = ? AND id IS NOT ?)')
        .pluck()
        .get(officeId, number, exceptId) === 1
    );
  }

  saveConfig(c: CounterRecord, now: number): void {
    this.queueCache.clear();
    this.sql(
      `INSERT INTO counters (id, office_id, name, number, induction_loop, low_desk, sign_language, active, created_at, updated_at)
         VALUES (@id, @officeId, @name, @number, @loop, @low, @pjm, @active, @now, @now)
         ON CONFLICT (id) DO UPDATE SET name = @name, number = @number, induction_loop = @loop, low_desk = @low,
           sign_language = @pjm, active = @active, updated_at = @now`,
    ).run({
      id: c.id,
      officeId: c.officeId,
      name: c.name,
      number: c.number,
      loop: c.accessibility.inductionLoop ? 1 : 0,
      low: c.accessibility.lowDesk ? 1 : 0,
      pjm: c.accessibility.signLanguage ? 1 : 0,
      active: c.active ? 1 : 0,
      now,
    });
    this.sql('DELETE FROM counter_categories WHERE counter_id = ?').run(c.id);
    const add = this.sql('INSERT INTO counter_categories (counter_id, category_id) VALUES (?, ?)');
    for (const categoryId of c.categoryIds) add.run(c.id, categoryId);
  }

  /** Saves the live state (who, what, since when) of a counter. */
  saveState(c: CounterRecord, now: number): void {
    this.queueCache.clear();
    this.sql(
      `UPDATE counters SET state = @state, session_id = @sessionId, clerk_user_id = @clerk, serving_category_ids = @serving,
           pause_reason = @pauseReason, current_ticket_id = @currentTicketId, consecutive_priority_calls = @consecutive,
           state_since = @since, updated_at = @now WHERE id = @id`,
    ).run({
      id: c.id,
      state: c.state,
      sessionId: c.sessionId,
      clerk: c.clerk?.id ?? null,
      serving: JSON.stringify(c.servingCategoryIds),
      pauseReason: c.pauseReason,
      currentTicketId: c.currentTicketId,
      consecutive: c.consecutivePriorityCalls,
      since: c.stateSince === null ? null : Date.parse(c.stateSince),
      now,
    });
  }

  openSession(
    id: string,
    counterId: string,
    userId: string,
    categoryIds: readonly string[],
    now: number,
  ): void {
    this.sql(
      'INSERT INTO counter_sessions (id, counter_id, user_id, served_category_ids, opened_at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, counterId, userId, JSON.stringify(categoryIds), now);
  }

  closeSession(sessionId: string, now: number): void {
    this.sql('UPDATE counter_sessions SET closed_at = ? WHERE id = ?').run(now, sessionId);
  }

  startPause(sessionId: string, reason: PauseReason, now: number): void {
    this.sql('INSERT INTO counter_pauses (session_id, reason, started_at) VALUES (?, ?, ?)').run(
      sessionId,
      reason,
      now,
    );
  }

  endPause(sessionId: string, now: number): void {
    this.sql('UPDATE counter_pauses SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL').run(
      now,
      sessionId,
    );
  }

  /** Active counters set up for a category, with whether each serves it right now (where to go). */
  forCategory(categoryId: string): Array<{ id: string; name: string; number: number; servingNow: boolean }> {
    const rows = this.sql<
      [string],
      { id: string; name: string; number: number; state: string; serving_category_ids: string }
    >(
      `SELECT c.id, c.name, c.number, c.state, c.serving_category_ids FROM counters c
       JOIN counter_categories cc ON cc.counter_id = c.id
       WHERE cc.category_id = ? AND c.active = 1 ORDER BY c.number`,
    ).all(categoryId);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      number: r.number,
      servingNow:
        r.state !== 'closed' && (JSON.parse(r.serving_category_ids) as string[]).includes(categoryId),
    }));
  }

  /** Open counters (not paused) serving a category now, and counters configured for it. */
  servers(officeId: string, categoryId: string): { open: number; configured: number } {
    const r = this.sql(
      `SELECT
           (SELECT count(*) FROM counters WHERE office_id = @a AND state = 'open' AND active = 1
              AND EXISTS (SELECT 1 FROM json_each(serving_category_ids) WHERE value = @b)) AS open,
           (SELECT count(*) FROM counter_categories cc JOIN counters c ON c.id = cc.counter_id
              WHERE cc.category_id = @b AND c.active = 1) AS configured`,
    ).get({ a: officeId, b: categoryId }) as { open: number; configured: number };
    return r;
  }

  isReferenced(id: string): boolean {
    return (
      this.sql(
        'SELECT EXISTS (SELECT 1 FROM tickets WHERE counter_id = @a OR target_counter_id = @a) OR EXISTS (SELECT 1 FROM counter_sessions WHERE counter_id = @a)',
      )
        .pluck()
        .get({ a: id }) === 1
    );
  }

  delete(id: string): void {
    this.queueCache.clear();
    this.sql('DELETE FROM counters WHERE id = ?').run(id);
  }
}
