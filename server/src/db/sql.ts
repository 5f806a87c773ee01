/**
 * The storage interface every repository speaks: SQL text in the subset both engines share
 * (`?` or `@name` placeholders, `ON CONFLICT`, `RETURNING`), answered asynchronously. SQLite
 * (`sqlite/sqlite-db.ts`) and PostgreSQL (`postgres/postgres-db.ts`) implement it; see
 * docs/decisions/0018-storage-on-two-engines.md.
 *
 * Inside a write (`WriteQueue.write`), every statement runs on the write's own transaction;
 * outside one, on a connection that sees only committed data.
 */

export type Engine = 'sqlite' | 'postgres';

/** Positional values for `?`, or named values for `@name`. */
export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface RunResult {
  /** Rows inserted, changed or deleted. */
  changes: number;
}

export interface SqlDb {
  readonly engine: Engine;
  /** Every row of a query. */
  all<R>(sql: string, params?: SqlParams): Promise<R[]>;
  /** The first row of a query, if any. */
  get<R>(sql: string, params?: SqlParams): Promise<R | undefined>;
  /** The first column of the first row, if any (e.g. `SELECT count(*) …`). */
  value<V>(sql: string, params?: SqlParams): Promise<V | undefined>;
  /** A statement that answers no rows. */
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  /**
   * A change whose answer the caller does not need (a ticket's history row, a counter's new
   * state). Inside a write on PostgreSQL it is sent without waiting for its answer, so that the
   * write's next statement follows it in the same round trip; a failure fails the write at its
   * next statement or at its end, as the statement itself would have. Anywhere else, `run`.
   */
  runLater(sql: string, params?: SqlParams): Promise<void>;
  /**
   * Runs `fn`'s reads as of one moment: none of them sees a change committed while they run
   * (a read-only transaction at REPEATABLE READ on PostgreSQL, one read transaction on SQLite).
   * Inside a write, `fn` simply runs in the write.
   */
  snapshot<T>(fn: () => Promise<T>): Promise<T>;
  /** Several statements without parameters (migrations, maintenance). */
  exec(sql: string): Promise<void>;
  /** A short human description of where the data lives, for the start banner and logs. */
  readonly location: string;
  close(): Promise<void>;
}
