import { newDatabase } from '@numerek/server/testing/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Migration } from '../../server/src/db/migrations.ts';
import { POOL_SIZE, PostgresDb } from '../../server/src/db/postgres/postgres-db.ts';
import { migratePostgres } from '../../server/src/db/postgres/postgres-migrate.ts';
import { PostgresWriteQueue } from '../../server/src/db/postgres/postgres-write-queue.ts';

/** The storage layer on a real PostgreSQL server (the run's throwaway one). */

const opened: PostgresDb[] = [];
function open(url: string, max?: number): PostgresDb {
  const db = new PostgresDb(url, max ? { max } : {});
  opened.push(db);
  return db;
}
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records when each write's body ran, to tell how many ran at once. */
class Overlap {
  private running = 0;
  max = 0;
  async during(ms: number): Promise<void> {
    this.running++;
    this.max = Math.max(this.max, this.running);
    await sleep(ms);
    this.running--;
  }
}

describe('PostgreSQL statements', () => {
  let db: PostgresDb;
  beforeAll(async () => {
    db = open(await newDatabase({ empty: true }));
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, at BIGINT, w DOUBLE PRECISION)');
  });

  it('take ? and @name placeholders, and leave quoted text and comments alone', async () => {
    await db.run('INSERT INTO t (id, v, at) VALUES (?, ?, ?)', [1, 'one?', 5]);
    await db.run('INSERT INTO t (id, v, at) VALUES (@id, @v, @at)', { at: 6, id: 2, v: '@two' });
    const rows = await db.all<{ id: number; v: string; q: string; named: string }>(
      `SELECT id, v, '?' AS q, 'it''s @v and ?' AS named -- a comment with ? and @v
         FROM t /* and ? here */ WHERE id >= @low AND id < @low + 10 ORDER BY id`,
      { low: 1 },
    );
    expect(rows).toEqual([
      { id: 1, v: 'one?', q: '?', named: "it's @v and ?" },
      { id: 2, v: '@two', q: '?', named: "it's @v and ?" },
    ]);
    expect(await db.value('SELECT v FROM t WHERE id = ? AND v <> ?', [2, '?'])).toBe('@two');
    await expect(db.value('SELECT v FROM t WHERE id = @missing', { id: 1 })).rejects.toThrow(/@missing/);
  });

  it('answer counts, sums, epoch milliseconds and averages as numbers, as SQLite does', async () => {
    const ms = Date.UTC(2031, 5, 1, 9, 30, 0, 123);
    await db.run('INSERT INTO t (id, v, at, w) VALUES (?, ?, ?, ?)', [10, 'x', ms, 4.5]);
    await db.run('INSERT INTO t (id, v, at, w) VALUES (?, ?, ?, ?)', [11, 'y', ms + 1, 1]);
    expect(await db.value('SELECT count(*) FROM t WHERE id >= 10')).toBe(2);
    expect(await db.value('SELECT at FROM t WHERE id = 10')).toBe(ms);
    expect(await db.value('SELECT sum(at) FROM t WHERE id >= 10')).toBe(2 * ms + 1);
    expect(await db.value('SELECT avg(id) FROM t WHERE id >= 10')).toBe(10.5);
    expect(await db.value('SELECT avg(w) FROM t WHERE id >= 10')).toBe(2.75);
    expect(await db.get('SELECT max(at) AS latest, min(w) AS least FROM t WHERE id >= 10')).toEqual({
      latest: ms + 1,
      least: 1,
    });
    expect((await db.run('DELETE FROM t WHERE id >= 10')).changes).toBe(2);
  });
});

describe('PostgreSQL connections', () => {
  it('a node opens all its connections as it starts, and never closes an idle one', async () => {
    const url = await newDatabase({ empty: true });
    const setup = new PostgresDb(url);
    await setup.exec('CREATE TABLE warmed (id INTEGER); CREATE TABLE "also warmed" (id INTEGER)');
    await setup.close();
    const db = open(url);
    expect(db.pool.totalCount).toBe(0);
    await db.warm();
    expect(db.pool.totalCount).toBe(POOL_SIZE);
    expect(db.pool.idleCount).toBe(POOL_SIZE);
    // pg-pool closes an idle connection after idleTimeoutMillis, except with 0.
    expect(db.pool.options.idleTimeoutMillis).toBe(0);
    // Each has looked at every table, so that its first real statement on one does not wait for
    // the table's description: asked of PostgreSQL from a connection of its own.
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    try {
      const { rows } = await watcher.query<{ query: string }>(
        "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'numerek'",
      );
      expect(rows).toHaveLength(POOL_SIZE);
      for (const { query } of rows)
        expect(query).toMatch(
          /FROM warmed LIMIT 0;.*FROM "also warmed" LIMIT 0;|FROM "also warmed" LIMIT 0;.*FROM warmed LIMIT 0;/,
        );
    } finally {
      await watcher.end();
    }
    // As many statements at once as there are connections take them: nothing new is opened.
    const at = await Promise.all(
      Array.from({ length: POOL_SIZE }, () =>
        db.value<number>('SELECT pg_backend_pid() FROM pg_sleep(0.05)'),
      ),
    );
    expect(new Set(at).size).toBe(POOL_SIZE);
    expect(db.pool.totalCount).toBe(POOL_SIZE);
  });

  it('a transaction whose node stopped talking (a machine lost) lets go of its office’s lock', async () => {
    const url = await newDatabase({ empty: true });
    const lost = new PostgresDb(url, { idleInTransactionMs: 300 });
    opened.push(lost);
    const frozen = await lost.pool.connect();
    frozen.on('error', () => undefined);
    await frozen.query('BEGIN');
    await frozen.query('SELECT pg_advisory_xact_lock(4242)');
    // The node says nothing more and closes nothing, as a machine that lost its network.
    const other = open(url);
    const asked = Date.now();
    await other.value('SELECT pg_advisory_xact_lock(4242)');
    const waited = Date.now() - asked;
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(3000);
    frozen.release(true);
  });
});

describe('PostgreSQL write queue', () => {
  let url: string;
  let db: PostgresDb;
  let queue: PostgresWriteQueue;
  beforeAll(async () => {
    url = await newDatabase({ empty: true });
    db = open(url);
    queue = new PostgresWriteQueue(db);
    await db.exec(
      'CREATE TABLE t (v TEXT PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)',
    );
    await db.run('INSERT INTO c (id, v) VALUES (1, 0)');
  });

  it('answers a write only after its commit: another connection sees it by then', async () => {
    const other = open(url, 1);
    const heard: string[] = [];
    const stop = queue.onCommit(() => heard.push('committed'));
    const value = await queue.write(async () => {
      await db.run('INSERT INTO t (v) VALUES (?)', ['seen']);
      // Inside the write, the row is not yet there for anyone else.
      heard.push(
        `inside: others see ${String(await other.value('SELECT count(*) FROM t WHERE v = ?', ['seen']))}`,
      );
      return 'done';
    });
    heard.push(
      `answered: others see ${String(await other.value('SELECT count(*) FROM t WHERE v = ?', ['seen']))}`,
    );
    stop();
    expect(value).toBe('done');
    expect(heard).toEqual(['inside: others see 0', 'committed', 'answered: others see 1']);
  });

  it('writes nothing of a write that throws, and rejects only that one', async () => {
    let rollbacks = 0;
    queue.onRollback(() => rollbacks++);
    const outcome = await Promise.allSettled([
      queue.write(() => db.run('INSERT INTO t (v) VALUES (?)', ['a'])),
      queue.write(async () => {
        await db.run('INSERT INTO t (v) VALUES (?)', ['b']);
        await db.run('INSERT INTO t (v) VALUES (?)', ['a-or-b']);
        throw new Error('changed its mind');
      }),
      queue.write(async () => {
        await db.run('INSERT INTO t (v) VALUES (?)', ['c']);
        await db.run('INSERT INTO t (v) VALUES (?)', ['c']); // duplicate key
      }),
    ]);
    expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await db.all('SELECT v FROM t WHERE v <> ? ORDER BY v', ['seen'])).toEqual([{ v: 'a' }]);
    expect(rollbacks).toBe(2);
  });

  it('sends a change made with runLater without waiting for its answer; the next statement sees it, and its failure fails its own write only', async () => {
    // The change takes a second to answer; the write's next statement goes out behind it at once.
    let returnedAfter = Number.NaN;
    const started = Date.now();
    const seen = await queue.write(async () => {
      // The write's connection sends a statement without waiting for the last one's answer.
      expect((db.currentClient() as unknown as { pipeline?: boolean }).pipeline).toBe(true);
      await db.runLater('INSERT INTO t (v) SELECT ? FROM pg_sleep(1)', ['later']);
      returnedAfter = Date.now() - started;
      return db.value<number>('SELECT count(*) FROM t WHERE v = ?', ['later']);
    });
    expect(returnedAfter).toBeLessThan(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(seen).toBe(1);

    // Two writes of one lock share a transaction: the one whose change fails is rolled back and
    // rejected with that change's error, even when nothing after it looked at the answer; the
    // other commits.
    const outcome = await Promise.allSettled([
      queue.write(
        async () => {
          await db.runLater('INSERT INTO t (v) VALUES (?)', ['later']); // duplicate key
          await db.runLater('INSERT INTO t (v) VALUES (?)', ['not-kept']);
        },
        { lock: 'office:later' },
      ),
      // A write that fails on its own, before its change's answer came: the change goes with it.
      queue.write(
        async () => {
          await db.runLater('INSERT INTO t (v) VALUES (?)', ['later']); // duplicate key
          throw new Error('changed its mind');
        },
        { lock: 'office:later' },
      ),
      queue.write(
        async () => {
          await db.runLater('INSERT INTO t (v) VALUES (?)', ['kept']);
        },
        { lock: 'office:later' },
      ),
      queue.write(async () => {
        await db.runLater('INSERT INTO t (v) VALUES (?)', ['later']); // duplicate key, then a read
        return db.value('SELECT count(*) FROM t');
      }),
    ]);
    expect(outcome.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'rejected']);
    for (const o of [outcome[0], outcome[3]])
      expect((o as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    expect((outcome[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'changed its mind' });
    expect(await db.all("SELECT v FROM t WHERE v IN ('later', 'not-kept', 'kept') ORDER BY v")).toEqual([
      { v: 'kept' },
      { v: 'later' },
    ]);
    // Outside a write it is a plain statement.
    await db.runLater('DELETE FROM t WHERE v IN (?, ?)', ['later', 'kept']);
    expect(await db.value('SELECT count(*) FROM t WHERE v IN (?, ?)', ['later', 'kept'])).toBe(0);
  });

  it('sends the COMMIT of a write alone in its transaction behind the changes it sent without waiting; valueLater answers with the commit; a failure among them keeps nothing of the write', async () => {
    for (const lock of [{ lock: 'office:commit' }, {}]) {
      const name = `commit-${lock.lock ? 'locked' : 'alone'}`;
      // What the write's connection sends, and when.
      const sent: Array<{ text: string; at: number }> = [];
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const q = args[0];
        sent.push({
          text: typeof q === 'string' ? q : ((q as { text?: string }).text ?? ''),
          at: Date.now(),
        });
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      const started = Date.now();
      let taken: Promise<string | undefined>;
      try {
        ({ taken } = await queue.write(async () => {
          // Takes half a second to answer; nothing waits for it inside the write.
          const taken = db.valueLater<string>('INSERT INTO t (v) SELECT ? FROM pg_sleep(0.5) RETURNING v', [
            name,
          ]);
          return { taken };
        }, lock));
      } finally {
        pg.Client.prototype.query = query;
      }
      const commit = sent.find((q) => q.text === 'COMMIT');
      // COMMIT went out right behind the slow change, not after its answer; the write answered
      // only after both.
      expect(commit?.at).toBeDefined();
      expect((commit?.at ?? Infinity) - started).toBeLessThan(400);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(await taken).toBe(name);
      expect(await db.value('SELECT count(*) FROM t WHERE v = ?', [name])).toBe(1);

      // A change among them fails: the COMMIT ends the transaction as a rollback, the write fails
      // with that change's error, and nothing of it is stored, also what came before it.
      const failed = queue.write(async () => {
        await db.run('INSERT INTO t (v) VALUES (?)', [`${name}-first`]);
        await db.runLater('INSERT INTO t (v) VALUES (?)', [name]); // duplicate key
        return {
          after: db.valueLater<string>('INSERT INTO t (v) VALUES (?) RETURNING v', [`${name}-after`]),
        };
      }, lock);
      await expect(failed).rejects.toMatchObject({ code: '23505' });
      expect(await db.value('SELECT count(*) FROM t WHERE v LIKE ?', [`${name}-%`])).toBe(0);
      // The connection goes on serving writes.
      await queue.write(() => db.run('INSERT INTO t (v) VALUES (?)', [`${name}-next`]), lock);
      expect(await db.value('SELECT count(*) FROM t WHERE v = ?', [`${name}-next`])).toBe(1);
    }
  });

  it('sends the reads a write says it will make right behind BEGIN and the lock; the write takes their answers only before it changes anything, and a read that fails makes the batch read as it goes', async () => {
    await db.run('INSERT INTO c (id, v) VALUES (3, 30)');
    const lock = { lock: 'office:prefetch' };
    const read = 'SELECT v FROM c WHERE id = ?';
    const prefetch = [{ sql: read, params: [3] }];
    // What goes over the connections: each statement sent and answered, in order.
    const seen: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      const text = typeof q === 'string' ? q : ((q as { text?: string }).text ?? '');
      const short = text.startsWith('BEGIN') ? 'BEGIN' : text;
      seen.push(`sent ${short}`);
      const r = (query as (...a: unknown[]) => unknown).apply(this, args);
      if (r instanceof Promise)
        void r.then(
          () => seen.push(`answered ${short}`),
          () => seen.push(`failed ${short}`),
        );
      return r;
    } as typeof query;
    const sentRead = () => seen.filter((e) => e === 'sent SELECT v FROM c WHERE id = $1').length;
    try {
      // Read first: the answer that came with the lock, not sent again; after a change, read anew.
      const first = await queue.write(
        async () => {
          const before = await db.get<{ v: number }>(read, [3]);
          await db.run('UPDATE c SET v = v + 1 WHERE id = 3');
          const after = await db.get<{ v: number }>(read, [3]);
          return [before?.v, after?.v];
        },
        { ...lock, prefetch },
      );
      expect(first).toEqual([30, 31]);
      expect(sentRead()).toBe(2);
      expect(seen.indexOf('sent SELECT v FROM c WHERE id = $1')).toBeLessThan(seen.indexOf('answered BEGIN'));

      // A change before the read: the prefetched answer is stale and is not taken.
      seen.length = 0;
      const second = await queue.write(
        async () => {
          await db.run('UPDATE c SET v = v + 1 WHERE id = 3');
          return (await db.get<{ v: number }>(read, [3]))?.v;
        },
        { ...lock, prefetch },
      );
      expect(second).toBe(32);
      expect(sentRead()).toBe(2);

      // A read that fails left the transaction aborted: the batch begins again and reads as it goes.
      seen.length = 0;
      const third = await queue.write(async () => (await db.get<{ v: number }>(read, [3]))?.v, {
        ...lock,
        prefetch: [{ sql: 'SELECT no_such_column FROM c' }, ...prefetch],
      });
      expect(third).toBe(32);
      expect(seen.filter((e) => e === 'sent BEGIN')).toHaveLength(2);
      expect(seen).toContain('failed SELECT no_such_column FROM c');
    } finally {
      pg.Client.prototype.query = query;
    }
  });

  it('runs writes with the same lock one after the other', async () => {
    const overlap = new Overlap();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        queue.write(
          async () => {
            await db.run('INSERT INTO t (v) VALUES (?)', [`same-${i}`]);
            await overlap.during(150);
          },
          { lock: 'office:one' },
        ),
      ),
    );
    const elapsed = Date.now() - started;
    expect(overlap.max).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(4 * 150 - 20);
  });

  it('makes the read a write asks for under its lock in the round trip that takes the lock, for the first write only, before it changes anything', async () => {
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      sent.push(typeof q === 'string' ? q : ((q as { text?: string }).text ?? ''));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    const seen: Array<Record<string, unknown> | undefined> = [];
    await db.run('INSERT INTO c (id, v) VALUES (2, 0)');
    const lockedRead = "SELECT 'one' AS office, (SELECT v FROM c WHERE id = 2) AS v";
    try {
      // The first write takes the row once; after that, and after a change, there is none.
      await queue.write(
        async () => {
          seen.push(db.lockedRow(), db.lockedRow());
        },
        { lock: 'office:read', lockedRead },
      );
      await queue.write(
        async () => {
          await db.run('UPDATE c SET v = v + 1 WHERE id = 2');
          seen.push(db.lockedRow());
        },
        { lock: 'office:read', lockedRead },
      );
      // Two writes that share a transaction: the second comes after the first's changes.
      const held = queue.write(() => sleep(100), { lock: 'office:read' });
      await sleep(20);
      await Promise.all([
        queue.write(async () => seen.push(db.lockedRow()), { lock: 'office:read', lockedRead }),
        queue.write(async () => seen.push(db.lockedRow()), { lock: 'office:read', lockedRead }),
      ]);
      await held;
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(seen).toEqual([{ office: 'one', v: 0 }, undefined, undefined, { office: 'one', v: 1 }, undefined]);
    const begins = sent.filter((q) => q.startsWith('BEGIN'));
    expect(begins).toHaveLength(4);
    for (const q of begins.filter((q) => q.includes(lockedRead)))
      expect(q).toMatch(/^BEGIN; SELECT pg_advisory_xact_lock\(hashtext\('office:read'\)\); SELECT 'one'/);
    expect(begins.filter((q) => q.includes(lockedRead))).toHaveLength(3);
    expect(sent.filter((q) => q === lockedRead)).toHaveLength(0);
  });

  it('runs writes with different locks side by side', async () => {
    const overlap = new Overlap();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        queue.write(
          async () => {
            await db.run('INSERT INTO t (v) VALUES (?)', [`other-${i}`]);
            await overlap.during(300);
          },
          { lock: `office:${i}` },
        ),
      ),
    );
    const elapsed = Date.now() - started;
    expect(overlap.max).toBeGreaterThanOrEqual(3);
    // One after the other they would take 1,200 ms.
    expect(elapsed).toBeLessThan(900);
  });

  it('runs a write again after a serialization failure, and only its last attempt counts', async () => {
    const other = open(url, 1);
    let attempts = 0;
    let rollbacks = 0;
    queue.onRollback(() => rollbacks++);
    const read = await queue.write(async () => {
      attempts++;
      await db.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const v = Number(await db.value('SELECT v FROM c WHERE id = 1'));
      // Another connection changes the row after this transaction's snapshot: its own update
      // cannot be serialized (40001).
      if (attempts === 1) await other.run('UPDATE c SET v = v + 1 WHERE id = 1');
      await db.run('UPDATE c SET v = ? WHERE id = 1', [v + 10]);
      return v;
    });
    expect(attempts).toBe(2);
    expect(rollbacks).toBe(1);
    expect(read).toBe(1);
    expect(await db.value('SELECT v FROM c WHERE id = 1')).toBe(11);
  });
});

describe("PostgreSQL settings reads in an office's transaction", () => {
  let url: string;
  let db: PostgresDb;
  let queue: PostgresWriteQueue;
  beforeAll(async () => {
    url = await newDatabase({ empty: true });
    db = open(url);
    queue = new PostgresWriteQueue(db);
    // Named as the settings table it stands for: what a batch reads once.
    await db.exec('CREATE TABLE categories (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)');
    await db.run('INSERT INTO categories (id, v) VALUES (1, 1)');
  });
  const read = async () => Number(await db.value('SELECT v FROM categories WHERE id = ?', [1]));

  it('are read once per transaction, see its own changes, and forget a write that rolled back', async () => {
    const other = open(url, 1);
    const seen: Record<string, number[]> = { first: [], failed: [], third: [], after: [] };
    const lock = { lock: 'office:settings' };
    // A write holding the lock first, so that the three below share the next transaction.
    const blocker = queue.write(() => sleep(150), lock);
    const writes = [
      queue.write(async () => {
        seen.first?.push(await read());
        // Committed by someone else meanwhile: this transaction goes on with what it read.
        await other.run('UPDATE categories SET v = 2 WHERE id = 1');
        seen.first?.push(await read());
        await db.run('UPDATE categories SET v = 3 WHERE id = 1');
        seen.first?.push(await read());
      }, lock),
      queue.write(async () => {
        await db.run('UPDATE categories SET v = 4 WHERE id = 1');
        seen.failed?.push(await read());
        throw new Error('changed its mind');
      }, lock),
      queue.write(async () => {
        seen.third?.push(await read());
      }, lock),
    ];
    await blocker;
    const outcome = await Promise.allSettled(writes);
    seen.after?.push(await read());
    expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(seen).toEqual({ first: [1, 1, 3], failed: [4], third: [3], after: [3] });
  });
});

describe('PostgreSQL migrations', () => {
  const slow: Migration[] = [
    { version: 1, name: '0001-a.sql', sql: 'SELECT pg_sleep(0.3); CREATE TABLE a (x INTEGER);' },
    { version: 2, name: '0002-b.sql', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (1);' },
  ];

  it('applies each migration once when two processes start together', async () => {
    const url = await newDatabase({ empty: true });
    const [one, two] = [open(url), open(url)];
    const applied = await Promise.all([migratePostgres(one, slow), migratePostgres(two, slow)]);
    expect(applied.map((a) => a.join(',')).sort()).toEqual(['', '1,2']);
    expect(await one.value('SELECT count(*) FROM b')).toBe(1);
    expect(await one.all('SELECT version FROM schema_migrations ORDER BY version')).toEqual([
      { version: 1 },
      { version: 2 },
    ]);

    // Numerek's own migrations, twice at once on an empty database: no error, applied once.
    const fresh = await newDatabase({ empty: true });
    const both = await Promise.all([migratePostgres(open(fresh)), migratePostgres(open(fresh))]);
    expect(both.map((a) => a.length).sort()).toEqual([0, both.flat().length]);
    expect(both.flat()).toContain(10);
  });

  it('rolls a failing migration back whole, and applies it once it is mended', async () => {
    const db = open(await newDatabase({ empty: true }));
    const broken: Migration[] = [
      slow[0] as Migration,
      { version: 2, name: '0002-b.sql', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    await expect(migratePostgres(db, broken)).rejects.toThrow(/nowhere/);
    const tables = await db.all<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables.map((t) => t.name)).toEqual(['a', 'schema_migrations']);
    expect(await db.value('SELECT max(version) FROM schema_migrations')).toBe(1);
    expect(await migratePostgres(db, slow)).toEqual([2]);
  });
});
