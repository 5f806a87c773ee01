import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { WriteQueue } from './write-queue.ts';

function tempDb() {
  const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'numerek-wq-')), 'db.sqlite'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  return db;
}

describe('WriteQueue (group commit)', () => {
  it('commits writes queued together in one transaction and resolves each with its value', async () => {
    const db = tempDb();
    const q = new WriteQueue(db);
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    const results = await Promise.all(
      ['a', 'b', 'c'].map((v) => q.write(() => Number(ins.run(v).lastInsertRowid))),
    );
    expect(results).toEqual([1, 2, 3]);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
  });

  it('a failing write rolls back only itself', async () => {
    const db = tempDb();
    const q = new WriteQueue(db);
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    const outcome = await Promise.allSettled([
      q.write(() => ins.run('x')),
      q.write(() => {
        ins.run('y');
        ins.run('x'); // duplicate: the whole of this write must vanish, 'y' included
      }),
      q.write(() => ins.run('z')),
    ]);
    expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['x', 'z']);
  });

  it('tells commit listeners after each commit, before any writer hears of it', async () => {
    const db = tempDb();
    const q = new WriteQueue(db);
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    const heard: string[] = [];
    const stop = q.onCommit(() =>
      heard.push(`commit with ${String(db.prepare('SELECT count(*) FROM t').pluck().get())}`),
    );
    await Promise.all([
      q.write(() => ins.run('a')).then(() => heard.push('a answered')),
      q.write(() => ins.run('b')).then(() => heard.push('b answered')),
    ]);
    await q.write(() => ins.run('c'));
    stop();
    await q.write(() => ins.run('d'));
    expect(heard).toEqual(['commit with 2', 'a answered', 'b answered', 'commit with 3']);
  });

  it('survives reopening: committed writes are in the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-wq-'));
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase(file);
    db.exec('CREATE TABLE t (v TEXT)');
    const q = new WriteQueue(db);
    await q.write(() => db.prepare('INSERT INTO t VALUES (?)').run('kept'));
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT v FROM t').pluck().all()).toEqual(['kept']);
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(again.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('checkpoints', () => {
  it('leave the WAL alone during writes and copy it into the database file when quiet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-wq-'));
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
    db.exec('CREATE TABLE t (v TEXT)');
    const q = new WriteQueue(db);
    for (let i = 0; i < 1500; i++)
      await q.write(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(2000)));
    // Past SQLite's usual automatic checkpoint at 1,000 WAL frames, yet nothing reached the file.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1000 * 4120);
    expect(statSync(file).size).toBeLessThan(200_000);
    q.startCheckpoints(20, 1000);
    await new Promise((r) => setTimeout(r, 150));
    q.stopCheckpoints();
    const copied = statSync(file).size;
    expect(copied).toBeGreaterThan(1_000_000);
    // The quiet-time checkpoint copied everything: another one finds nothing left to add.
    q.checkpoint();
    expect(statSync(file).size).toBe(copied);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1500);
  });
});
