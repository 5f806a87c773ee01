import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunResult, SqlDb, SqlParams } from '../sql.ts';
import type { Read } from '../write-queue.ts';
import { translate, valuesFor } from './placeholders.ts';

const { Pool, types } = pg;

// Counts, sums, epoch milliseconds (bigint) and averages (numeric) come back as numbers, as they
// do from SQLite. Every value Numerek stores fits in a double.
const INT8 = 20;
const NUMERIC = 1700;
const asNumber = (v: string): number => Number(v);
const parsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return asNumber;
    return types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export type PgClient = pg.PoolClient;

function configOf(t: ReturnType<typeof translate>, params: SqlParams | undefined): pg.QueryConfig {
  const config: pg.QueryConfig = { text: t.text, values: valuesFor(t, params) };
  if (t.name) config.name = t.name;
  return config;
}

/** Waits for the answers of the changes sent with `runLater`, in order; throws the first failure. */
async function settleLater(memo: ReadMemo): Promise<void> {
  const sent = memo.later.splice(0);
  for (const p of sent) await p;
}

/** How a read is known again within a transaction: its row mode, text and values. */
const readKey = (text: string, values: unknown, rowMode?: 'array'): string =>
  `${rowMode ?? ''}\u0000${text}\u0000${JSON.stringify(values)}`;

/** A read sent with BEGIN and the lock (WriteOptions.prefetch), and its answer to come. */
export interface Prefetched {
  key: string;
  /** The settings tables it reads, or null when it reads anything else. */
  tables: string[] | null;
  rows: Promise<pg.QueryResult>;
}

/** A text as an SQL string literal (for statements sent without parameters). */
export const sqlLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * Connections in a node's pool. A node opens them all as it starts and never closes an idle one:
 * a connection opened in a busy moment costs PostgreSQL a new process, an authentication and, for
 * every table its first statements touch, a read of the table's description from the catalogue,
 * while the requests that needed it wait, and the machine is busiest just then. A pool that let
 * idle connections go after a quiet spell opened them again in the next burst, on every node at
 * once.
 */
export const POOL_SIZE = 10;

/**
 * How long PostgreSQL lets one of a node's transactions wait for the node's next statement before
 * it ends the session. A node sends a write's statements one after another; a transaction that
 * waits this long belongs to a node that is gone without closing its connections (a machine lost,
 * its network cut, a process frozen), and until PostgreSQL ends it, it holds its office's lock and
 * every other node's writes for that office wait: without a limit, for the operating system's TCP
 * keepalive, two hours.
 */
export const IDLE_IN_TRANSACTION_MS = 5000;

/**
 * Tables of an office's settings: categories, counters, users, priority groups. Read many times
 * by the writes of one transaction (a batch of an office's writes) and rarely changed by them.
 */
const SETTINGS_TABLES = new Set([
  'offices',
  'office_settings',
  'categories',
  'counters',
  'counter_categories',
  'users',
  'priority_groups',
]);
const READ_TABLES = /\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)/gi;
const WRITTEN_TABLES = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([A-Za-z_][A-Za-z0-9_]*)/gi;

/** The settings tables a plain SELECT reads, or null if it reads anything else (or is no SELECT). */
function settingsRead(text: string): string[] | null {
  if (!/^\s*SELECT\b/i.test(text) || /\bFOR\s+(?:UPDATE|SHARE)\b/i.test(text)) return null;
  const tables = [...text.matchAll(READ_TABLES)].map((m) => (m[1] as string).toLowerCase());
  return tables.length && tables.every((t) => SETTINGS_TABLES.has(t)) ? tables : null;
}

/**
 * Answers of settings reads made in one transaction, so that the writes of a batch read an
 * office's settings once, not once each. A statement that writes a table forgets what was read
 * from it, and a rollback to a savepoint forgets everything. Within the transaction this is what
 * REPEATABLE READ would give for those tables; the office's lock keeps its own writes in order.
 */
class ReadMemo {
  /** The row of the read made with BEGIN and the lock (WriteOptions.lockedRead), until taken. */
  locked: Record<string, unknown> | undefined;
  /** Changes sent by `runLater` whose answers have not been looked at yet, in the order sent. */
  later: Array<Promise<unknown>> = [];
  /**
   * Answers of reads sent with BEGIN and the lock (WriteOptions.prefetch) that read more than
   * settings, by key: taken once, and only before the transaction changes anything.
   */
  fresh = new Map<string, Promise<pg.QueryResult>>();
  private readonly answers = new Map<string, { tables: string[]; rows: Promise<pg.QueryResult> }>();

  get(key: string): Promise<pg.QueryResult> | undefined {
    return this.answers.get(key)?.rows;
  }

  set(key: string, tables: string[], rows: Promise<pg.QueryResult>): void {
    this.answers.set(key, { tables, rows });
    rows.catch(() => this.answers.delete(key));
  }

  wrote(text: string): void {
    const select = /^\s*SELECT\b/i.test(text);
    // The locked and prefetched reads tell how things were before the transaction changed anything.
    if (!select) {
      this.locked = undefined;
      this.fresh.clear();
    }
    const tables = [...text.matchAll(WRITTEN_TABLES)].map((m) => (m[1] as string).toLowerCase());
    if (!tables.length) {
      if (!select) this.answers.clear();
      return;
    }
    for (const table of tables) {
      if (!SETTINGS_TABLES.has(table)) continue;
      for (const [key, a] of this.answers) if (a.tables.includes(table)) this.answers.delete(key);
    }
  }

  /** Forgets everything, also the changes sent with `runLater` (a rollback undid them). */
  clear(): void {
    this.locked = undefined;
    this.answers.clear();
    this.later = [];
    this.fresh.clear();
  }
}

/**
 * PostgreSQL through `pg`'s pool. Inside a write (`PostgresWriteQueue`), statements run on the
 * write's own connection and transaction, found through async context; outside one, on any
 * connection of the pool, each statement on its own (committed data only).
 */
export class PostgresDb implements SqlDb {
  readonly engine = 'postgres' as const;
  readonly location: string;
  readonly pool: pg.Pool;
  private readonly url: string;
  private readonly tx = new AsyncLocalStorage<PgClient>();
  private readonly memos = new WeakMap<PgClient, ReadMemo>();

  constructor(url: string, opts: { max?: number; idleInTransactionMs?: number } = {}) {
    this.url = url;
    this.pool = new Pool({
      connectionString: url,
      options: `-c idle_in_transaction_session_timeout=${opts.idleInTransactionMs ?? IDLE_IN_TRANSACTION_MS}`,
      max: opts.max ?? POOL_SIZE,
      // Kept open when idle (0: never closed), so that a quiet spell does not leave the next
      // burst to connect.
      idleTimeoutMillis: 0,
      types: parsers,
      connectionTimeoutMillis: 10_000,
      application_name: 'numerek',
      // A statement is sent without waiting for the answer to the one before it, where the
      // caller does not wait (`runLater`); otherwise each is still sent after the last answer.
      pipeline: true,
    });
    // An idle connection that breaks (the server restarted) is dropped and replaced; without a
    // listener the pool's error would end the process.
    this.pool.on('error', () => undefined);
    const u = new URL(url);
    this.location = `postgres://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  }

  /**
   * Opens every connection of the pool ({@link POOL_SIZE}) at once, and has each of them look
   * at every table once. A node that has just started (a deploy, or taking over from one that
   * died) gets its screens, panels and kiosks all at once; each connection they would otherwise
   * open on the way costs PostgreSQL a new process and an authentication, and a new process's
   * first statement on each table reads that table's description from the catalogue, while their
   * requests wait. The server calls this before it listens.
   */
  async warm(): Promise<void> {
    const want = Math.max(0, this.pool.options.max - this.pool.totalCount);
    const clients = await Promise.allSettled(Array.from({ length: want }, () => this.pool.connect()));
    const held = clients.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
    try {
      const first = held[0];
      if (!first) return;
      const tables = await first.query<{ t: string }>(
        'SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = current_schema()',
      );
      const look = tables.rows.map((r) => `SELECT * FROM ${r.t} LIMIT 0;`).join(' ');
      if (look) await Promise.allSettled(held.map((c) => c.query(look)));
    } finally {
      for (const c of held) c.release();
    }
  }

  /** Runs `fn` with every statement it makes on `client` (the write's transaction). */
  inTransaction<T>(client: PgClient, fn: () => T): T {
    return this.tx.run(client, fn);
  }

  /** The transaction's connection while inside a write, else null. */
  currentClient(): PgClient | null {
    return this.tx.getStore() ?? null;
  }

  /**
   * A transaction began on `client` (after BEGIN), or it ended (after COMMIT or ROLLBACK), or it
   * rolled back to a savepoint: settings read so far are forgotten either way.
   */
  transactionBoundary(
    client: PgClient,
    open: boolean,
    locked?: Record<string, unknown>,
    prefetched: readonly Prefetched[] = [],
  ): void {
    if (open) {
      const memo = new ReadMemo();
      memo.locked = locked;
      for (const p of prefetched) {
        if (p.tables) memo.set(p.key, p.tables, p.rows);
        else memo.fresh.set(p.key, p.rows);
      }
      this.memos.set(client, memo);
    } else this.memos.delete(client);
  }

  /**
   * Sends `reads` on `client` without waiting for their answers (the connection is in pipeline
   * mode): right behind BEGIN and the lock, they run under the lock and answer in the same round
   * trip. Hand them to {@link transactionBoundary}.
   */
  prefetch(client: PgClient, reads: readonly Read[]): Prefetched[] {
    return reads.map((r) => {
      const t = translate(r.sql);
      const config = configOf(t, r.params);
      const rows = client.query(config);
      rows.catch(() => undefined);
      return { key: readKey(t.text, config.values), tables: settingsRead(t.text), rows };
    });
  }

  /**
   * Inside a write: the first row of the read its transaction made with BEGIN and the lock
   * (WriteOptions.lockedRead), once; undefined after that, or if none was made.
   */
  lockedRow(): Record<string, unknown> | undefined {
    const client = this.tx.getStore();
    const memo = client && this.memos.get(client);
    if (!memo) return undefined;
    const row = memo.locked;
    memo.locked = undefined;
    return row;
  }

  /**
   * An object standing for the transaction in progress (the same for every write of one batch),
   * or null outside a write: lets a caller do something once per transaction.
   */
  transactionToken(): object | null {
    const client = this.tx.getStore();
    return client ? (this.memos.get(client) ?? null) : null;
  }

  /** Runs `fn` outside any write: its statements go to the pool, never to a write's transaction. */
  outsideWrites<T>(fn: () => T): T {
    return this.tx.exit(fn);
  }

  rolledBackToSavepoint(client: PgClient): void {
    this.memos.get(client)?.clear();
  }

  private async query<R>(
    sql: string,
    params: SqlParams | undefined,
    rowMode?: 'array',
  ): Promise<pg.QueryResult<R & pg.QueryResultRow>> {
    const t = translate(sql);
    const config = configOf(t, params);
    if (rowMode) (config as pg.QueryArrayConfig).rowMode = rowMode;
    const client = this.tx.getStore();
    if (!client) return this.pool.query(config);
    const memo = this.memos.get(client);
    if (!memo) return client.query(config);
    const tables = settingsRead(t.text);
    let rows: Promise<pg.QueryResult> | undefined;
    const key = readKey(t.text, config.values, rowMode);
    if (!tables) {
      rows = memo.fresh.get(key);
      memo.fresh.delete(key);
      if (!rows) {
        memo.wrote(t.text);
        rows = client.query(config);
      }
    } else {
      rows = memo.get(key);
      if (!rows) {
        rows = client.query(config);
        memo.set(key, tables, rows);
      }
    }
    // Sent behind the changes `runLater` sent before it: their answers come first, and the first
    // failure among them is this statement's (it ran in an aborted transaction).
    if (memo.later.length) {
      rows.catch(() => undefined);
      await settleLater(memo);
    }
    const answer = await rows;
    return { ...answer, rows: answer.rows.slice() } as pg.QueryResult<R & pg.QueryResultRow>;
  }

  /**
   * Inside a write, sends the change on the write's connection (in pipeline mode) and answers at
   * once: the next statement goes out behind it without waiting, and looks at its answer.
   */
  async runLater(sql: string, params?: SqlParams): Promise<void> {
    const client = this.tx.getStore();
    const memo = client && this.memos.get(client);
    if (!client || !memo) {
      await this.run(sql, params);
      return;
    }
    const t = translate(sql);
    memo.wrote(t.text);
    const sent: Promise<unknown> = client.query(configOf(t, params));
    sent.catch(() => undefined);
    memo.later.push(sent);
  }

  /**
   * Inside a write, like {@link runLater}, for a statement whose answer is needed only once the
   * write has committed: it is sent at once and the write goes on; the promise answers the first
   * column of its first row. Its failure fails the write, at its next statement or at its end.
   * Outside a write it runs as `value` does.
   */
  valueLater<V>(sql: string, params?: SqlParams): Promise<V | undefined> {
    const client = this.tx.getStore();
    const memo = client && this.memos.get(client);
    if (!client || !memo) return this.value<V>(sql, params);
    const t = translate(sql);
    memo.wrote(t.text);
    const config = configOf(t, params) as pg.QueryArrayConfig;
    config.rowMode = 'array';
    const sent = client.query(config);
    sent.catch(() => undefined);
    memo.later.push(sent);
    const answer = sent.then((res) => (res.rows[0] as unknown[] | undefined)?.[0] as V | undefined);
    // A write that failed before looking at it has its failure already: no unhandled rejection.
    answer.catch(() => undefined);
    return answer;
  }

  /**
   * The end of one write on `client`: the answers of the changes it sent with `runLater` and has
   * not looked at since; throws the first failure among them, so the write fails as it would have
   * at that statement.
   */
  async settle(client: PgClient): Promise<void> {
    const memo = this.memos.get(client);
    if (memo?.later.length) await settleLater(memo);
  }

  async all<R>(sql: string, params?: SqlParams): Promise<R[]> {
    return (await this.query<R>(sql, params)).rows;
  }

  async get<R>(sql: string, params?: SqlParams): Promise<R | undefined> {
    return (await this.query<R>(sql, params)).rows[0];
  }

  async value<V>(sql: string, params?: SqlParams): Promise<V | undefined> {
    const res = await this.query<unknown[]>(sql, params, 'array');
    return (res.rows[0] as unknown[] | undefined)?.[0] as V | undefined;
  }

  async run(sql: string, params?: SqlParams): Promise<RunResult> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }

  async snapshot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.tx.getStore()) return fn();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const value = await this.tx.run(client, fn);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    const client = this.tx.getStore();
    if (client) await this.settle(client);
    if (client) this.memos.get(client)?.clear();
    if (client) await client.query(sql);
    else await this.pool.query(sql);
  }

  /**
   * A connection of its own, outside the pool, for what belongs to one session: LISTEN, and
   * advisory locks held while this process lives (they are released when the connection closes).
   * `name` shows in pg_stat_activity. The caller ends it.
   */
  async dedicated(name: string): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      types: parsers,
      connectionTimeoutMillis: 10_000,
      application_name: name,
    });
    // A broken connection is noticed by its user (the 'end' event); without a listener the
    // client's error would end the process.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /** Runs `fn` while holding a session advisory lock: processes doing the same wait for each other. */
  async underLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
