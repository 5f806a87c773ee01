import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { SqliteWriteQueue } from './sqlite-write-queue.ts';

async function tempDb() {
  const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'numerek-wq-')), 'db.sqlite'));
  await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  return db;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SqliteWriteQueue (group commit)', () => {
  it('commits writes queued together in one transaction and resolves each with its value', async () => {
    const db = await tempDb();
    const q = new SqliteWriteQueue(db);
    const commits: number[] = [];
    q.onCommit(() => commits.push(1));
    const results = await Promise.all(
      ['a', 'b', 'c'].map((v) =>
        q.write(async () => {
          await db.run('INSERT INTO t (v) VALUES (?)', [v]);
          return db.value<number>('SELECT id FROM t WHERE v = ?', [v]);
        }),
      ),
    );
    expect(results).toEqual([1, 2, 3]);
    expect(commits).toHaveLength(1);
    expect(await db.value('SELECT count(*) FROM t')).toBe(3);
  });

  it('a failing write rolls back only itself', async () => {
    const db = await tempDb();
    const q = new SqliteWriteQueue(db);
    const ins = (v: string) => db.run('INSERT INTO t (v) VALUES (?)', [v]);
    const outcome = await Promise.allSettled([
      q.write(() => ins('x')),
      q.write(async () => {
        await ins('y');
        await ins('x'); // duplicate: the whole of this write must vanish, 'y' included
      }),
      q.write(() => ins('z')),
    ]);
    expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await db.all('SELECT v FROM t ORDER BY v')).toEqual([{ v: 'x' }, { v: 'z' }]);
  });

  it('a failing asynchronous write rolls back only itself, also after it waited', async () => {
    const db = await tempDb();
    const q = new SqliteWriteQueue(db);
    const ins = (v: string) => db.run('INSERT INTO t (v) VALUES (?)', [v]);
    let rollbacks = 0;
    q.onRollback(() => rollbacks++);
    const outcome = await Promise.allSettled([
      q.write(() => ins('a')),
      q.write(async () => {
        await ins('b');
        await pause(5);
        await ins('c');
        throw new Error('refused after waiting');
      }),
      q.write(async () => {
        await pause(1);
        await ins('d');
      }),
    ]);
    expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await db.all('SELECT v FROM t ORDER BY v')).toEqual([{ v: 'a' }, { v: 'd' }]);
    expect(rollbacks).toBe(1);
  });

  it('never interleaves the statements of two writes, however long each waits between them', async () => {
    const db = await tempDb();
    await db.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, writer TEXT NOT NULL)');
    const q = new SqliteWriteQueue(db);
    const writer = (name: string, waits: number[]) =>
      q.write(async () => {
        for (const ms of waits) {
          await db.run('INSERT INTO log (writer) VALUES (?)', [name]);
          await pause(ms);
        }
        // What this write read of its own rows is all of them: nobody wrote in between.
        return db.value<number>('SELECT count(*) FROM log WHERE writer = ?', [name]);
      });
    const counts = await Promise.all([
      writer('a', [3, 0, 2]),
      writer('b', [0, 4, 1]),
      writer('c', [1, 1, 1]),
    ]);
    expect(counts).toEqual([3, 3, 3]);
    const order = (await db.all<{ writer: string }>('SELECT writer FROM log ORDER BY seq')).map(
      (r) => r.writer,
    );
    expect(order.join('')).toBe('aaabbbccc');
  });

  it('reads outside a write see only what was committed', async () => {
    const db = await tempDb();
    const q = new SqliteWriteQueue(db);
    let inserted = (): void => undefined;
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
    const write = q.write(async () => {
      await db.run("INSERT INTO t (v) VALUES ('pending')");
      inserted();
      await pause(5);
    });
    await insertedNow;
    expect(await db.value('SELECT count(*) FROM t')).toBe(0);
    await write;
    expect(await db.value('SELECT count(*) FROM t')).toBe(1);
  });

  it('tells commit listeners after each commit, before any writer hears of it', async () => {
    const db = await tempDb();
    const q = new SqliteWriteQueue(db);
    const ins = (v: string) => db.run('INSERT INTO t (v) VALUES (?)', [v]);
    const heard: string[] = [];
    const stop = q.onCommit(() =>
      heard.push(`commit with ${String(db.raw.prepare('SELECT count(*) FROM t').pluck().get())}`),
    );
    await Promise.all([
      q.write(() => ins('a')).then(() => heard.push('a answered')),
      q.write(() => ins('b')).then(() => heard.push('b answered')),
    ]);
    await q.write(() => ins('c'));
    stop();
    await q.write(() => ins('d'));
    expect(heard).toEqual(['commit with 2', 'a answered', 'b answered', 'commit with 3']);
  });

  it('finishes what is queued when drained, and refuses later writes', async () => {
    const db = await tempDb();
    const q = new SqliteWriteQueue(db);
    const queued = q.write(() => db.run("INSERT INTO t (v) VALUES ('queued')"));
    await q.drain();
    await queued;
    expect(await db.value('SELECT count(*) FROM t')).toBe(1);
    await expect(q.write(() => db.run("INSERT INTO t (v) VALUES ('late')"))).rejects.toThrow(/closing/);
  });

  it('survives reopening: committed writes are in the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-wq-'));
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase(file);
    await db.exec('CREATE TABLE t (v TEXT)');
    const q = new SqliteWriteQueue(db);
    await q.write(() => db.run('INSERT INTO t VALUES (?)', ['kept']));
    await db.close();
    const again = openDatabase(file);
    expect(await again.all('SELECT v FROM t')).toEqual([{ v: 'kept' }]);
    expect(again.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(again.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    await again.close();
  });
});

describe('checkpoints', () => {
  it('leave the WAL alone during writes and copy it into the database file when quiet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-wq-'));
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase(file);
    expect(db.raw.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
    await db.exec('CREATE TABLE t (v TEXT)');
    const q = new SqliteWriteQueue(db);
    for (let i = 0; i < 1500; i++)
      await q.write(() => db.run('INSERT INTO t VALUES (?)', ['x'.repeat(2000)]));
    // Past SQLite's usual automatic checkpoint at 1,000 WAL frames, yet nothing reached the file.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1000 * 4120);
    expect(statSync(file).size).toBeLessThan(200_000);
    q.startCheckpoints(20, 1000);
    await pause(150);
    q.stopCheckpoints();
    const copied = statSync(file).size;
    expect(copied).toBeGreaterThan(1_000_000);
    // The quiet-time checkpoint copied everything: another one finds nothing left to add.
    q.checkpoint();
    expect(statSync(file).size).toBe(copied);
    expect(await db.value('SELECT count(*) FROM t')).toBe(1500);
  });
});
