import Database, { type Statement } from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RunResult, SqlDb, SqlParams } from '../sql.ts';

type Raw = Database.Database;

function configure(db: Raw): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoints are run by the write queue when the office is quiet (see SqliteWriteQueue), not
  // inside whichever commit happens to fill the WAL, which then takes ten times as long. SQLite's
  // own checkpoint stays as a backstop, at 4,000 pages (16 MB) instead of 1,000, so a busy hour
  // never pays for it; it is not turned off, because a WAL that only grows makes every fsync slower.
  db.pragma('wal_autocheckpoint = 4000');
}

/** Prepared statements of one connection, each compiled once. */
class Statements {
  private readonly plain = new Map<string, Statement>();
  private readonly plucked = new Map<string, Statement>();
  constructor(private readonly raw: Raw) {}

  get(source: string): Statement {
    let stmt = this.plain.get(source);
    if (!stmt) {
      stmt = this.raw.prepare(source);
      this.plain.set(source, stmt);
    }
    return stmt;
  }

  pluck(source: string): Statement {
    let stmt = this.plucked.get(source);
    if (!stmt) {
      stmt = this.raw.prepare(source).pluck();
      this.plucked.set(source, stmt);
    }
    return stmt;
  }
}

const bind = (params: SqlParams | undefined): unknown[] =>
  params === undefined ? [] : Array.isArray(params) ? params : [params];

/**
 * SQLite through better-sqlite3. Two connections to one file in WAL mode: the writer, on which
 * the write queue runs its transactions, and a reader for everything outside a write, which sees
 * only committed data (so a reply never shows a change that may still roll back). An in-memory
 * database has one connection for both.
 *
 * Statements run synchronously; the promises they answer are already settled, so a write's steps
 * run back to back, as they did when the queue was synchronous.
 */
export class SqliteDb implements SqlDb {
  readonly engine = 'sqlite' as const;
  readonly location: string;
  /** The writer connection (backups and maintenance use it directly). */
  readonly raw: Raw;
  private readonly reader: Raw;
  /** A third connection for reads that must see one moment (`snapshot`); opened on first use. */
  private snapshots: { raw: Raw; statements: Statements } | null = null;
  private snapshotTurn: Promise<unknown> = Promise.resolve();
  private readonly writerStatements: Statements;
  private readonly readerStatements: Statements;
  private readonly writing = new AsyncLocalStorage<true>();
  private readonly inSnapshot = new AsyncLocalStorage<Statements>();

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.location = file;
    this.raw = new Database(file);
    configure(this.raw);
    if (file === ':memory:') {
      this.reader = this.raw;
    } else {
      this.reader = new Database(file);
      this.reader.pragma('busy_timeout = 5000');
      this.reader.pragma('query_only = 1');
    }
    this.writerStatements = new Statements(this.raw);
    this.readerStatements = this.reader === this.raw ? this.writerStatements : new Statements(this.reader);
  }

  /** Runs `fn` with every statement it makes on the writer connection (the write queue's transaction). */
  inWrite<T>(fn: () => T): T {
    return this.writing.run(true, fn);
  }

  private statements(forWrite = false): Statements {
    if (forWrite || this.writing.getStore()) return this.writerStatements;
    return this.inSnapshot.getStore() ?? this.readerStatements;
  }

  /** One read transaction on a connection of its own, one at a time, so other reads stay current. */
  snapshot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writing.getStore() || this.reader === this.raw) return fn();
    const run = async (): Promise<T> => {
      if (!this.snapshots) {
        const raw = new Database(this.location, { readonly: true });
        raw.pragma('busy_timeout = 5000');
        this.snapshots = { raw, statements: new Statements(raw) };
      }
      const { raw, statements } = this.snapshots;
      raw.exec('BEGIN');
      try {
        return await this.inSnapshot.run(statements, fn);
      } finally {
        raw.exec('COMMIT');
      }
    };
    const turn = this.snapshotTurn.then(run, run);
    this.snapshotTurn = turn.catch(() => undefined);
    return turn;
  }

  all<R>(sql: string, params?: SqlParams): Promise<R[]> {
    try {
      return Promise.resolve(
        this.statements()
          .get(sql)
          .all(...bind(params)) as R[],
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get<R>(sql: string, params?: SqlParams): Promise<R | undefined> {
    try {
      return Promise.resolve(
        this.statements()
          .get(sql)
          .get(...bind(params)) as R | undefined,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  value<V>(sql: string, params?: SqlParams): Promise<V | undefined> {
    try {
      return Promise.resolve(
        this.statements()
          .pluck(sql)
          .get(...bind(params)) as V | undefined,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Changes go to the writer: inside a write, in its transaction; outside, on their own. */
  run(sql: string, params?: SqlParams): Promise<RunResult> {
    try {
      const result = this.statements(true)
        .get(sql)
        .run(...bind(params));
      return Promise.resolve({ changes: result.changes });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** In process, a statement costs no round trip: it simply runs. */
  async runLater(sql: string, params?: SqlParams): Promise<void> {
    await this.run(sql, params);
  }

  exec(sql: string): Promise<void> {
    try {
      this.raw.exec(sql);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  close(): Promise<void> {
    this.snapshots?.raw.close();
    if (this.reader !== this.raw) this.reader.close();
    this.raw.close();
    return Promise.resolve();
  }
}

export function openSqlite(file: string): SqliteDb {
  return new SqliteDb(file);
}
