import type { Counter, CounterState, PauseReason } from '@numerek/shared';
import { CacheGuard } from '../../db/cache-guard.ts';
import type { Engine, SqlDb } from '../../db/sql.ts';
import { Repository, type CacheScope } from '../../db/repository.ts';
import type { Outbox } from '../../db/outbox.ts';
import type { Read } from '../../db/write-queue.ts';
import { servesNow } from '../queue/wait-estimate.ts';

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

/** A counter's row with its configured categories as a JSON array, in each engine's own words. */
function selectCounters(engine: Engine): string {
  const categories =
    engine === 'postgres'
      ? `(SELECT coalesce(json_agg(category_id), '[]'::json)::text FROM counter_categories cc WHERE cc.counter_id = c.id)`
      : `(SELECT json_group_array(category_id) FROM counter_categories cc WHERE cc.counter_id = c.id)`;
  return `SELECT c.*, u.display_name AS clerk_name, ${categories} AS category_ids
  FROM counters c LEFT JOIN users u ON u.id = c.clerk_user_id`;
}

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
  /** Open but paused: the wait estimate still counts it, unless `pauseReason` ends its day. */
  paused: boolean;
  /** Why it is paused (null when it is not): paused for the end of the day, it does not come back. */
  pauseReason: PauseReason | null;
  categoryIds: readonly string[];
  servingCategoryIds: readonly string[];
  consecutivePriorityCalls: number;
}

type CounterRow = Row & { category_ids: string };

export class CounterRepository extends Repository {
  /**
   * The active counters of each office as the estimate sees them, read on every issue. Every
   * write below clears it, and so does a rolled-back write (`forgetCached`, see services.ts); a
   * list read while a write changed counters is not kept (see CacheGuard).
   */
  private readonly queueCache = new Map<string, readonly QueueCounter[]>();
  private readonly guard = new CacheGuard();

  private readonly byId: string;
  private readonly byOffice: string;

  constructor(db: SqlDb) {
    super(db);
    const select = selectCounters(db.engine);
    this.byId = `${select} WHERE c.id = ?`;
    this.byOffice = `${select} WHERE c.office_id = ? ORDER BY c.number`;
  }

  /** The read {@link find} makes, for a write to send ahead (WriteOptions.prefetch). */
  findRead(id: string): Read {
    return { sql: this.byId, params: [id] };
  }

  async find(id: string): Promise<CounterRecord | null> {
    const r = await this.db.get<CounterRow>(this.byId, [id]);
    return r ? toCounter(r) : null;
  }

  /**
   * What `next` reads before it decides whether to write, in one statement: the counter, its
   * office's stream number (the counter is at least as new as the number), and whether any
   * ticket waits that the counter is configured for or that was transferred to it. Nobody there
   * means nobody to call, since a counter serves only categories it is configured for.
   */
  async findForNext(
    id: string,
    officeId: string,
    streams: Pick<Outbox, 'rowWithStoredSeq'>,
  ): Promise<{ counter: CounterRecord; seq: number; anyoneWaiting: boolean } | null> {
    const found = await streams.rowWithStoredSeq<CounterRow & { anyone_waiting: number }>(
      officeId,
      `SELECT q.*, CASE
         WHEN EXISTS (SELECT 1 FROM tickets t WHERE t.state = 'waiting' AND t.target_counter_id = q.id)
           OR EXISTS (SELECT 1 FROM counter_categories cc WHERE cc.counter_id = q.id AND EXISTS (
                SELECT 1 FROM tickets t
                 WHERE t.category_id = cc.category_id AND t.state = 'waiting' AND t.target_counter_id IS NULL))
         THEN 1 ELSE 0 END AS anyone_waiting
       FROM (${this.byId}) q`,
      [id],
    );
    if (!found) return null;
    const { anyone_waiting, ...row } = found.row;
    return { counter: toCounter(row), seq: found.seq, anyoneWaiting: Number(anyone_waiting) === 1 };
  }

  async list(officeId: string): Promise<CounterRecord[]> {
    const rows = await this.db.all<CounterRow>(this.byOffice, [officeId]);
    return rows.map(toCounter);
  }

  /** The office's active counters for the wait estimate (cached until a counter changes). */
  async queueCounters(officeId: string): Promise<readonly QueueCounter[]> {
    const cached = this.queueCache.get(officeId);
    if (cached) return cached;
    const token = this.guard.begin();
    const counters = (await this.list(officeId))
      .filter((c) => c.active)
      .map((c) => ({
        id: c.id,
        open: c.state === 'open',
        paused: c.state === 'paused',
        pauseReason: c.state === 'paused' ? c.pauseReason : null,
        categoryIds: c.categoryIds,
        servingCategoryIds: c.servingCategoryIds,
        consecutivePriorityCalls: c.consecutivePriorityCalls,
      }));
    if (this.guard.mayKeep(token)) this.queueCache.set(officeId, counters);
    return counters;
  }

  /** Drops the kept counters: one office's when only its queue changed elsewhere, else all. */
  forgetCached(scope?: CacheScope): void {
    this.guard.touch();
    if (scope) this.queueCache.delete(scope.officeId);
    else this.queueCache.clear();
  }

  async findByClerk(userId: string): Promise<CounterRecord | null> {
    const id = await this.db.value<string>('SELECT id FROM counters WHERE clerk_user_id = ?', [userId]);
    return id ? this.find(id) : null;
  }

  async nextNumber(officeId: string): Promise<number> {
    return (
      ((await this.db.value<number | null>('SELECT max(number) FROM counters WHERE office_id = ?', [
        officeId,
      ])) ?? 0) + 1
    );
  }

  async numberTaken(officeId: string, number: number, exceptId: string | null): Promise<boolean> {
    const taken = await this.db.value(
      'SELECT EXISTS (SELECT 1 FROM counters WHERE office_id = ? AND number = ? AND id IS DISTINCT FROM ?)',
      [officeId, number, exceptId],
    );
    return Boolean(taken);
  }

  async saveConfig(c: CounterRecord, now: number): Promise<void> {
    this.forgetCached();
    await this.db.run(
      `INSERT INTO counters (id, office_id, name, number, induction_loop, low_desk, sign_language, active, created_at, updated_at)
         VALUES (@id, @officeId, @name, @number, @loop, @low, @pjm, @active, @now, @now)
         ON CONFLICT (id) DO UPDATE SET name = @name, number = @number, induction_loop = @loop, low_desk = @low,
           sign_language = @pjm, active = @active, updated_at = @now`,
      {
        id: c.id,
        officeId: c.officeId,
        name: c.name,
        number: c.number,
        loop: c.accessibility.inductionLoop ? 1 : 0,
        low: c.accessibility.lowDesk ? 1 : 0,
        pjm: c.accessibility.signLanguage ? 1 : 0,
        active: c.active ? 1 : 0,
        now,
      },
    );
    await this.db.run('DELETE FROM counter_categories WHERE counter_id = ?', [c.id]);
    for (const categoryId of c.categoryIds)
      await this.db.run('INSERT INTO counter_categories (counter_id, category_id) VALUES (?, ?)', [
        c.id,
        categoryId,
      ]);
  }

  /** Saves the live state (who, what, since when) of a counter. */
  async saveState(c: CounterRecord, now: number): Promise<void> {
    this.forgetCached();
    await this.db.runLater(
      `UPDATE counters SET state = @state, session_id = @sessionId, clerk_user_id = @clerk, serving_category_ids = @serving,
           pause_reason = @pauseReason, current_ticket_id = @currentTicketId, consecutive_priority_calls = @consecutive,
           state_since = @since, updated_at = @now WHERE id = @id`,
      {
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
      },
    );
  }

  async openSession(
    id: string,
    counterId: string,
    userId: string,
    categoryIds: readonly string[],
    now: number,
  ): Promise<void> {
    await this.db.run(
      'INSERT INTO counter_sessions (id, counter_id, user_id, served_category_ids, opened_at) VALUES (?, ?, ?, ?, ?)',
      [id, counterId, userId, JSON.stringify(categoryIds), now],
    );
  }

  async closeSession(sessionId: string, now: number): Promise<void> {
    await this.db.run('UPDATE counter_sessions SET closed_at = ? WHERE id = ?', [now, sessionId]);
  }

  async startPause(sessionId: string, reason: PauseReason, now: number): Promise<void> {
    await this.db.run('INSERT INTO counter_pauses (session_id, reason, started_at) VALUES (?, ?, ?)', [
      sessionId,
      reason,
      now,
    ]);
  }

  async endPause(sessionId: string, now: number): Promise<void> {
    await this.db.run('UPDATE counter_pauses SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL', [
      now,
      sessionId,
    ]);
  }

  /**
   * Active counters set up for a category, with whether each serves it right now (where to go):
   * open, or paused for a while, as the wait estimate counts them ({@link servesNow}).
   */
  async forCategory(
    categoryId: string,
  ): Promise<Array<{ id: string; name: string; number: number; servingNow: boolean }>> {
    const rows = await this.db.all<{
      id: string;
      name: string;
      number: number;
      state: CounterState;
      pause_reason: PauseReason | null;
      serving_category_ids: string;
    }>(
      `SELECT c.id, c.name, c.number, c.state, c.pause_reason, c.serving_category_ids FROM counters c
       JOIN counter_categories cc ON cc.counter_id = c.id
       WHERE cc.category_id = ? AND c.active = 1 ORDER BY c.number`,
      [categoryId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      number: r.number,
      servingNow:
        servesNow({ open: r.state === 'open', paused: r.state === 'paused', pauseReason: r.pause_reason }) &&
        (JSON.parse(r.serving_category_ids) as string[]).includes(categoryId),
    }));
  }

  /** Open counters (not paused) serving a category now, and counters configured for it. */
  async servers(officeId: string, categoryId: string): Promise<{ open: number; configured: number }> {
    const serving = await this.db.all<{ serving_category_ids: string }>(
      `SELECT serving_category_ids FROM counters WHERE office_id = ? AND state = 'open' AND active = 1`,
      [officeId],
    );
    const configured = await this.db.value<number>(
      `SELECT count(*) FROM counter_categories cc JOIN counters c ON c.id = cc.counter_id
         WHERE cc.category_id = ? AND c.active = 1`,
      [categoryId],
    );
    return {
      open: serving.filter((r) => (JSON.parse(r.serving_category_ids) as string[]).includes(categoryId))
        .length,
      configured: configured ?? 0,
    };
  }

  async isReferenced(id: string): Promise<boolean> {
    const used = await this.db.value(
      'SELECT EXISTS (SELECT 1 FROM tickets WHERE counter_id = @a OR target_counter_id = @a) OR EXISTS (SELECT 1 FROM counter_sessions WHERE counter_id = @a)',
      { a: id },
    );
    return Boolean(used);
  }

  async delete(id: string): Promise<void> {
    this.forgetCached();
    await this.db.run('DELETE FROM counters WHERE id = ?', [id]);
  }
}
