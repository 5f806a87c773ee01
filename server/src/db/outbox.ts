import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { QUEUE_FACTS, type DomainBus, type DomainEventName, type DomainEvents } from '../domain-events.ts';
import { PostgresDb, sqlLiteral } from './postgres/postgres-db.ts';
import type { CacheScope } from './repository.ts';
import type { SqlDb } from './sql.ts';
import type { WriteOptions, WriteQueue } from './write-queue.ts';

/**
 * The channel on which a commit with facts wakes every node. The payload names the office, its new
 * stream number and the writing node, and carries the facts themselves when they fit
 * (NOTIFY_FACTS_MAX_BYTES): see {@link Notice}.
 */
export const OUTBOX_CHANNEL = 'numerek_outbox';
/**
 * Facts ride on their notification up to this many bytes of payload (PostgreSQL refuses 8000 or
 * more); a larger write's notification names only the office and its number, and the other nodes
 * read its facts from the outbox.
 */
export const NOTIFY_FACTS_MAX_BYTES = 7500;
/** How often a node reads the streams anyway, so that a lost notification loses nothing. */
export const OUTBOX_POLL_MS = 500;
/** How long facts stay in the outbox: a node that was away longer resyncs its clients instead. */
export const OUTBOX_KEEP_MS = 60 * 60 * 1000;

interface Recorded {
  officeId: string;
  name: DomainEventName;
  payload: unknown;
}
interface Stamped extends Recorded {
  seq: number;
}

/** The facts of one write attempt, numbered once the write has done its work. */
class Pending {
  events: Recorded[] = [];
  stamped: Stamped[] = [];
}

interface OutboxRow {
  seq: number;
  name: string;
  payload: string;
  node: string;
}

/**
 * A notification's payload: `{"office":…,"node":…,"seq":…,"facts":[[name, payload], …]}`, the
 * facts numbered `seq - facts.length + 1` to `seq`; without `facts` when they did not fit. (A node
 * of an earlier version sent `<office> <seq>`, and reads this one as "read every stream".)
 */
interface Notice {
  office: string;
  node: string;
  seq: number;
  facts?: Array<[string, unknown]>;
}

function parseNotice(payload: string): Notice | null {
  try {
    const n = JSON.parse(payload) as Partial<Notice> | null;
    if (!n || typeof n.office !== 'string' || typeof n.node !== 'string') return null;
    if (!Number.isSafeInteger(n.seq)) return null;
    if (n.facts !== undefined) {
      if (!Array.isArray(n.facts) || n.facts.length > (n.seq ?? 0)) return null;
      if (!n.facts.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === 'string')) return null;
    }
    return n as Notice;
  } catch {
    return null;
  }
}

export interface OutboxLog {
  warn(obj: unknown, msg?: string): void;
}

export interface OutboxOptions {
  /** How often the streams are read without a notification (default OUTBOX_POLL_MS). */
  pollMs?: number;
  /**
   * Whether to LISTEN for commits (default true). Without it a node learns of other nodes' facts
   * only by reading every `pollMs`, as behind a connection pooler that cannot pass LISTEN.
   */
  listen?: boolean;
  /** Up to how many bytes of notification carry the facts themselves (default NOTIFY_FACTS_MAX_BYTES). */
  notifyFactsMaxBytes?: number;
}

/**
 * The facts other parts of the server, and other nodes, must hear (docs/decisions/0021).
 *
 * A service records a fact inside the write that causes it (`add`). Before the write commits, its
 * facts take their office's next stream numbers (`office_streams`, one row per office, whose row
 * lock orders concurrent writers of one office, so numbers commit in order with no gaps). On
 * PostgreSQL they are also stored in `outbox` and `pg_notify` wakes every node at the commit,
 * naming the office and its new number and carrying the facts when they fit. A node publishes
 * the facts a notification carries when they follow what it has published; otherwise it reads
 * the notified office's outbox. It reads every office whose number moved past what it has
 * published each OUTBOX_POLL_MS anyway (a notification may be lost), and publishes the facts on
 * its own bus in order. The node that
 * wrote the facts publishes them at once after the commit when nothing of that office came
 * before them unpublished here; it reads them back only when it has another node's to publish
 * first. On SQLite (one process) the facts are published right after their commit.
 */
export class Outbox {
  /** This process, as named in the outbox rows it writes. */
  readonly node = randomBytes(6).toString('base64url');
  private readonly current = new AsyncLocalStorage<Pending>();
  /** Per transaction (see PostgresDb.transactionToken), the offices whose stream it has checked. */
  private readonly checked = new WeakMap<object, Set<string>>();
  /** Per office, the stream number of the last fact published here. */
  private readonly positions = new Map<string, number>();
  private readonly behindListeners: Array<(scope?: CacheScope) => void> = [];
  private readonly postgres: PostgresDb | null;
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  /** The next read looks at every office's stream (a timer's turn, a start, a failed read). */
  private readEvery = false;
  /** Offices a notification or a commit named for the next read, with the number they reached. */
  private readOffices = new Map<string, number>();
  private stopped = false;
  private started = false;

  private readonly pollMs: number;
  private readonly listens: boolean;
  private readonly notifyMaxBytes: number;

  constructor(
    private readonly db: SqlDb,
    private readonly bus: DomainBus,
    private readonly log: OutboxLog,
    opts: OutboxOptions = {},
  ) {
    this.postgres = db instanceof PostgresDb ? db : null;
    this.pollMs = opts.pollMs ?? OUTBOX_POLL_MS;
    this.listens = opts.listen ?? true;
    this.notifyMaxBytes = opts.notifyFactsMaxBytes ?? NOTIFY_FACTS_MAX_BYTES;
  }

  /** The engine's write queue, with every write's facts numbered inside it and published after it. */
  wrap(queue: WriteQueue): WriteQueue {
    return {
      write: (fn, opts) => this.write(queue, fn, opts),
      onRollback: (listener) => queue.onRollback(listener),
      onCommit: (listener) => queue.onCommit(listener),
      start: () => queue.start(),
      drain: () => queue.drain(),
    };
  }

  /** Records a fact of the write in progress; it is published once that write has committed. */
  add<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    const pending = this.current.getStore();
    if (!pending) throw new Error(`${name}: a fact is recorded inside the write that causes it`);
    pending.events.push({ officeId: (payload as { officeId: string }).officeId, name, payload });
  }

  /** The office's stream number as stored now (every fact committed so far). */
  async storedSeq(officeId: string): Promise<number> {
    return Number((await this.db.value<number>(SQL.seq, [officeId])) ?? 0);
  }

  /**
   * One row of `sql` read in the same statement as the office's stream number, so the row is at
   * least as new as the number says (one snapshot on PostgreSQL); null when there is no row.
   * The office's parameter comes first.
   */
  async rowWithStoredSeq<R>(
    officeId: string,
    sql: string,
    params: readonly unknown[],
  ): Promise<{ row: R; seq: number } | null> {
    const found = await this.db.get<R & { stream_seq: number | null }>(
      `SELECT x.*, (${SQL.seq}) AS stream_seq FROM (${sql}) x`,
      [officeId, ...params],
    );
    if (!found) return null;
    const { stream_seq, ...row } = found;
    return { row: row as unknown as R, seq: Number(stream_seq ?? 0) };
  }

  /** The stream number of the last fact of an office that this node has published. */
  position(officeId: string): number {
    return this.positions.get(officeId) ?? 0;
  }

  /**
   * Called when this node may have missed changes (another node's facts): caches must be dropped.
   * The scope says which office changed and whether only its queue did; without a scope (facts
   * pruned before this node read them) anything may have changed.
   */
  onBehind(listener: (scope?: CacheScope) => void): void {
    this.behindListeners.push(listener);
  }

  /**
   * Starts following the streams from where they are now: on PostgreSQL, LISTEN on a connection
   * of its own and a read every OUTBOX_POLL_MS.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const r of await this.db.all<{ office_id: string; seq: number }>(SQL.streams))
      this.positions.set(r.office_id, Number(r.seq));
    if (!this.postgres) return;
    if (this.listens) await this.listen();
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.reading;
  }

  /**
   * Reads the streams now: every office's, or only `officeId`'s when a notification or a commit
   * named it (`seq`: the number it said the office reached).
   */
  poke(officeId?: string, seq = 0): void {
    if (this.stopped || !this.postgres) return;
    if (officeId === undefined) this.readEvery = true;
    else this.readOffices.set(officeId, Math.max(seq, this.readOffices.get(officeId) ?? 0));
    if (this.reading) {
      this.again = true;
      return;
    }
    const postgres = this.postgres;
    this.reading = postgres.outsideWrites(async () => {
      do {
        this.again = false;
        try {
          await this.read();
        } catch (error) {
          this.readEvery = true;
          this.log.warn({ err: error }, 'outbox: the streams could not be read; trying again');
        }
      } while (this.again && !this.stopped);
      this.reading = null;
    });
  }

  /** Runs until every fact committed so far has been published here (tests, and shutdown). */
  async caughtUp(): Promise<void> {
    if (!this.postgres) return;
    this.poke();
    while (this.reading) await this.reading;
  }

  private async write<T>(queue: WriteQueue, fn: () => Promise<T> | T, opts?: WriteOptions): Promise<T> {
    let numbering: Promise<Stamped[]> = Promise.resolve([]);
    /** The office whose stream had moved past this node, and the number it had reached (0: it had not). */
    const behind = { officeId: '', seq: 0 };
    try {
      const value = await queue.write(async () => {
        const pending = new Pending();
        if (this.postgres && opts?.lock?.startsWith('office:')) {
          const officeId = opts.lock.slice(7);
          const seq = await this.checkCurrent(officeId);
          if (seq > behind.seq) Object.assign(behind, { officeId, seq });
        }
        const result = await this.current.run(pending, fn);
        // On PostgreSQL the numbers come with the commit (see number()); on SQLite at once.
        numbering = this.number(pending);
        if (!this.postgres) await numbering;
        return result;
      }, this.withLockedRead(opts));
      // Committed: the numbering's answers came before the commit's.
      const stamped = await numbering;
      if (stamped.length) this.committed(stamped);
      for (const e of stamped)
        opts?.receipt?.set(e.officeId, Math.max(e.seq, opts.receipt.get(e.officeId) ?? 0));
      return value;
    } finally {
      // Read the other nodes' facts of that office now, after the write and outside it.
      if (behind.seq > 0) this.poke(behind.officeId, behind.seq);
    }
  }

  /** An office's write on PostgreSQL reads the office's stream number with its lock (see checkCurrent). */
  private withLockedRead(opts: WriteOptions | undefined): WriteOptions | undefined {
    if (!this.postgres || !opts?.lock?.startsWith('office:')) return opts;
    const office = sqlLiteral(opts.lock.slice(7));
    return {
      ...opts,
      lockedRead: `SELECT ${office} AS office_id, coalesce(max(seq), 0) AS seq FROM office_streams WHERE office_id = ${office}`,
    };
  }

  /**
   * Under an office's lock, before the write reads anything: when the office's stream has moved
   * past what this node has published, another node's change may not be known here yet, so what
   * it may have changed is dropped from the caches and read again (this node's own facts not yet
   * read back change nothing: its caches followed its own writes). Writes therefore never act on
   * a stale cache. Once per transaction and office: while the transaction holds the office's lock
   * no other node can move its stream, and the writes before this one in the same transaction
   * moved it themselves. Answers the stream's number when it had moved past this node, else 0.
   */
  private async checkCurrent(officeId: string): Promise<number> {
    const token = this.postgres?.transactionToken();
    if (token) {
      let offices = this.checked.get(token);
      if (!offices) this.checked.set(token, (offices = new Set()));
      if (offices.has(officeId)) return 0;
      offices.add(officeId);
    }
    const from = this.position(officeId);
    // Read with BEGIN and the lock, in the same round trip, when this write came first.
    const locked = this.postgres?.lockedRow();
    const stored =
      locked && locked.office_id === officeId ? Number(locked.seq) : await this.storedSeq(officeId);
    if (stored <= from) return 0;
    const rows = await this.db.all<{ name: string; node: string }>(SQL.namesAfter, [officeId, from]);
    if (rows.length < stored - from) this.behind();
    else this.behindFor(officeId, rows);
    return stored;
  }

  /** Drops what another node's facts among `rows` may have made stale; nothing for this node's own. */
  private behindFor(officeId: string, rows: ReadonlyArray<{ name: string; node: string }>): void {
    const remote = rows.filter((r) => r.node !== this.node);
    if (remote.length === 0) return;
    const queueOnly = remote.every((r) => QUEUE_FACTS.has(r.name as DomainEventName));
    this.behind({ officeId, queueOnly });
  }

  private behind(scope?: CacheScope): void {
    for (const listener of this.behindListeners) listener(scope);
  }

  /**
   * Numbers the write's facts not yet numbered, office by office, and stores them for the other
   * nodes. On PostgreSQL the statements are sent without waiting for their answers (`valueLater`):
   * the write's COMMIT goes right behind them, and the numbers are known when their answers come,
   * before the commit's. The promise is settled once those answers are in.
   */
  private number(pending: Pending): Promise<Stamped[]> {
    const events = pending.events.splice(0);
    if (!events.length) return Promise.resolve(pending.stamped);
    const offices = [...new Set(events.map((e) => e.officeId))].sort();
    const postgres = this.postgres;
    if (postgres) {
      // One statement per office while its lock is held: take the numbers, store the facts,
      // wake the other nodes at the commit.
      const at = Date.now();
      const taken = offices.map((officeId) => {
        const own = events.filter((e) => e.officeId === officeId);
        const payloads = own.map((e) => JSON.stringify(e.payload));
        const last = postgres.valueLater<number>(SQL.takeAndStore, {
          office: officeId,
          n: own.length,
          names: own.map((e) => e.name),
          payloads,
          node: this.node,
          at,
          channel: OUTBOX_CHANNEL,
          ...this.notice(officeId, own, payloads),
        });
        return last.then((n) => own.map((e, i): Stamped => ({ ...e, seq: Number(n) - own.length + 1 + i })));
      });
      const done = Promise.all(taken).then((lists) => {
        pending.stamped.push(...lists.flat());
        return pending.stamped;
      });
      done.catch(() => undefined);
      return done;
    }
    return (async () => {
      for (const officeId of offices) {
        const own = events.filter((e) => e.officeId === officeId);
        const last = Number(await this.db.value<number>(SQL.take, [officeId, own.length]));
        own.forEach((e, i) => pending.stamped.push({ ...e, seq: last - own.length + 1 + i }));
      }
      return pending.stamped;
    })();
  }

  /**
   * The notification around the stream number the statement takes (`head`, the number, `tail`):
   * with the facts when they fit in `notifyMaxBytes`, so that the other nodes publish them without
   * reading the outbox.
   */
  private notice(officeId: string, own: Recorded[], payloads: string[]): { head: string; tail: string } {
    const head = `{"office":${JSON.stringify(officeId)},"node":${JSON.stringify(this.node)},"seq":`;
    const facts = own.map((e, i) => `[${JSON.stringify(e.name)},${payloads[i]}]`).join(',');
    const tail = `,"facts":[${facts}]}`;
    // The number takes at most 16 digits (a safe integer).
    if (Buffer.byteLength(head) + 16 + Buffer.byteLength(tail) <= this.notifyMaxBytes) return { head, tail };
    return { head, tail: '}' };
  }

  /**
   * After the commit: the write's facts are published at once, office by office, when they come
   * right after what this node has published of that office. Otherwise (on PostgreSQL, another
   * node's facts came before them and are not published here yet) the office's stream is read,
   * which publishes both in order.
   */
  private committed(stamped: Stamped[]): void {
    // A write's facts are numbered office by office, each office's in order (see number()).
    const offices = new Map<string, Stamped[]>();
    for (const e of stamped) offices.set(e.officeId, [...(offices.get(e.officeId) ?? []), e]);
    for (const [officeId, facts] of offices) {
      const first = facts[0]?.seq ?? 0;
      const last = facts.at(-1)?.seq ?? 0;
      // Published already: the write's own notification came before its commit's answer.
      if (this.position(officeId) >= last) continue;
      if (!this.postgres || this.position(officeId) === first - 1) {
        for (const e of facts) this.publish(e.officeId, e.seq, e.name, e.payload, false);
      } else {
        this.poke(officeId, last);
      }
    }
  }

  /**
   * A notification ({@link Notice}; `<office> <seq>` or the office alone from a node of an earlier
   * version). Facts it carries that come right after what this node has published are published
   * from it, without a read; otherwise (facts too large to ride along, or some before them not
   * heard here) the office's stream is read.
   */
  private notified(payload: string | undefined): void {
    if (payload?.startsWith('{')) {
      const notice = parseNotice(payload);
      if (!notice) return this.poke();
      const { office, node, seq, facts } = notice;
      if (seq <= this.position(office)) return;
      if (facts?.length && seq - facts.length === this.position(office)) {
        this.behindFor(
          office,
          facts.map(([name]) => ({ name, node })),
        );
        const first = seq - facts.length + 1;
        for (const [i, [name, fact]] of facts.entries())
          this.publish(office, first + i, name as DomainEventName, fact, node !== this.node);
        return;
      }
      return this.poke(office, seq);
    }
    const space = payload?.lastIndexOf(' ') ?? -1;
    const seq = payload && space > 0 ? Number(payload.slice(space + 1)) : Number.NaN;
    if (!payload || !Number.isSafeInteger(seq)) return this.poke();
    const officeId = payload.slice(0, space);
    // This node's own commit, published already: nothing to read.
    if (seq <= this.position(officeId)) return;
    this.poke(officeId, seq);
  }

  private publish(officeId: string, seq: number, name: DomainEventName, payload: unknown, remote: boolean) {
    if (seq <= this.position(officeId)) return;
    this.positions.set(officeId, seq);
    try {
      this.bus.publish(name, payload as never, { seq, remote });
    } catch (error) {
      this.log.warn({ err: error, event: name }, 'outbox: a listener failed');
    }
  }

  private async read(): Promise<void> {
    const every = this.readEvery;
    const named = this.readOffices;
    this.readEvery = false;
    this.readOffices = new Map();
    const streams = every
      ? await this.db.all<{ office_id: string; seq: number }>(SQL.streams)
      : [...named].map(([office_id, seq]) => ({ office_id, seq }));
    for (const { office_id: officeId, seq } of streams) {
      const from = this.position(officeId);
      if (Number(seq) <= from) continue;
      const rows = await this.db.all<OutboxRow>(SQL.after, [officeId, from]);
      this.behindFor(officeId, rows);
      for (const r of rows) {
        this.publish(
          officeId,
          Number(r.seq),
          r.name as DomainEventName,
          JSON.parse(r.payload) as unknown,
          r.node !== this.node,
        );
      }
      // Facts older than the outbox keeps are gone: clients see the jump in `prev` and resync.
      if (this.position(officeId) < Number(seq)) {
        this.behind();
        this.positions.set(officeId, Number(seq));
      }
    }
  }

  private async listen(): Promise<void> {
    if (this.stopped || !this.postgres) return;
    let client: pg.Client;
    try {
      client = await this.postgres.dedicated('numerek-listen');
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.log.warn({ err: error }, 'outbox: cannot LISTEN; reading every 500 ms until it can');
      this.retryListen();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    client.on('notification', (n) => this.notified(n.payload));
    client.on('end', () => {
      if (this.listener !== client) return;
      this.listener = null;
      this.retryListen();
    });
    // Facts committed while no one listened are read now.
    this.poke();
  }

  private retryListen(): void {
    if (this.stopped) return;
    setTimeout(() => void this.listen(), 1000).unref();
  }
}

const SQL = {
  streams: 'SELECT office_id, seq FROM office_streams',
  seq: 'SELECT seq FROM office_streams WHERE office_id = ?',
  take: `INSERT INTO office_streams (office_id, seq) VALUES (?, ?)
         ON CONFLICT (office_id) DO UPDATE SET seq = office_streams.seq + excluded.seq RETURNING seq`,
  // PostgreSQL: `take`, the facts stored in `outbox` and a notification, as one statement.
  takeAndStore: `WITH s AS (
       INSERT INTO office_streams (office_id, seq) VALUES (@office, @n)
       ON CONFLICT (office_id) DO UPDATE SET seq = office_streams.seq + excluded.seq RETURNING seq),
     stored AS (
       INSERT INTO outbox (office_id, seq, name, payload, node, at)
       SELECT @office, s.seq - @n + e.i, e.name, e.payload, @node, @at
       FROM s, unnest(@names::text[], @payloads::text[]) WITH ORDINALITY AS e(name, payload, i))
     SELECT s.seq, pg_notify(@channel, @head::text || s.seq || @tail::text) FROM s`,
  after: 'SELECT seq, name, payload, node FROM outbox WHERE office_id = ? AND seq > ? ORDER BY seq',
  namesAfter: 'SELECT name, node FROM outbox WHERE office_id = ? AND seq > ?',
} as const;

/** Deletes facts older than OUTBOX_KEEP_MS (the housekeeping lease's holder does it). */
export async function pruneOutbox(db: SqlDb, now: number): Promise<number> {
  return (await db.run('DELETE FROM outbox WHERE at < ?', [now - OUTBOX_KEEP_MS])).changes;
}
