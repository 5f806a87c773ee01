import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunResult, SqlDb, SqlParams } from '../sql.ts';
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

  constructor(url: string, opts: { max?: number } = {}) {
    this.url = url;
    this.pool = new Pool({
      connectionString: url,
      max: opts.max ?? 10,
      types: parsers,
      connectionTimeoutMillis: 10_000,
      application_name: 'numerek',
    });
    // An idle connection that breaks (the server restarted) is dropped and replaced; without a
    // listener the pool's error would end the process.
    this.pool.on('error', () => undefined);
    const u = new URL(url);
    this.location = `postgres://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  }

  /** Runs `fn` with every statement it makes on `client` (the write's transaction). */
  inTransaction<T>(client: PgClient, fn: () => T): T {
    return this.tx.run(client, fn);
  }

  /** The transaction's connection while inside a write, else null. */
  currentClient(): PgClient | null {
    return this.tx.getStore() ?? null;
  }

  private async query<R>(
    sql: string,
    params: SqlParams | undefined,
  ): Promise<pg.QueryResult<R & pg.QueryResultRow>> {
    const t = translate(sql);
    const values = valuesFor(t, params);
    const client = this.tx.getStore();
    return client ? client.query(t.text, values) : this.pool.query(t.text, values);
  }

  async all<R>(sql: string, params?: SqlParams): Promise<R[]> {
    return (await this.query<R>(sql, params)).rows;
  }

  async get<R>(sql: string, params?: SqlParams): Promise<R | undefined> {
    return (await this.query<R>(sql, params)).rows[0];
  }

  async value<V>(sql: string, params?: SqlParams): Promise<V | undefined> {
    const t = translate(sql);
    const values = valuesFor(t, params);
    const client = this.tx.getStore();
    const config = { text: t.text, values, rowMode: 'array' as const };
    const res = client ? await client.query<unknown[]>(config) : await this.pool.query<unknown[]>(config);
    return res.rows[0]?.[0] as V | undefined;
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
