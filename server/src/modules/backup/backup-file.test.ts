import Database from 'better-sqlite3';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../db/database.ts';
import {
  backupInto,
  backupName,
  backupTime,
  backupToFile,
  checkCopy,
  isBackupName,
  listBackups,
  pruneBackups,
} from './backup-file.ts';

const AT = Date.parse('2026-11-23T08:00:00.000Z');

describe('backup names', () => {
  it('are the UTC second of the copy, with a suffix when that second is taken', () => {
    expect(backupName(AT + 999, new Set())).toBe('numerek-2026-11-23T08-00-00Z.sqlite');
    expect(backupName(AT, new Set(['numerek-2026-11-23T08-00-00Z.sqlite']))).toBe(
      'numerek-2026-11-23T08-00-00Z-1.sqlite',
    );
    expect(backupTime('numerek-2026-11-23T08-00-00Z-1.sqlite')).toEqual({ at: AT, seq: 1 });
  });

  it('accept only what this module writes: no folders, no other files, no traversal', () => {
    for (const bad of [
      '../numerek.sqlite',
      '../x',
      'numerek.sqlite',
      'numerek-2026-11-23T08-00-00Z.sqlite/../../etc/passwd',
      '.numerek-2026-11-23T08-00-00Z.sqlite.partial',
      'numerek-2026-11-23T08-00-00Z-0.sqlite',
      'numerek-2026-11-23T08:00:00Z.sqlite',
    ])
      expect(isBackupName(bad), bad).toBe(false);
    expect(isBackupName('numerek-2026-11-23T08-00-00Z.sqlite')).toBe(true);
  });
});

describe('backups on disk', () => {
  let dir: string;
  // The writer connection of the server's database: what a backup copies from.
  let sqlite: SqliteDb;
  let db: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'numerek-backup-'));
    sqlite = openDatabase(path.join(dir, 'numerek.sqlite'));
    db = sqlite.raw;
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists backups newest first, ignores other files, and prunes to the newest N', () => {
    const backups = path.join(dir, 'backups');
    mkdirSync(backups);
    for (const name of [
      'numerek-2026-11-20T08-00-00Z.sqlite',
      'numerek-2026-11-23T08-00-00Z.sqlite',
      'numerek-2026-11-23T08-00-00Z-1.sqlite',
      'numerek-2026-11-21T08-00-00Z.sqlite',
    ])
      writeFileSync(path.join(backups, name), 'x');
    writeFileSync(path.join(backups, 'notes.txt'), 'not a backup');
    expect(listBackups(backups).map((b) => b.name)).toEqual([
      'numerek-2026-11-23T08-00-00Z-1.sqlite',
      'numerek-2026-11-23T08-00-00Z.sqlite',
      'numerek-2026-11-21T08-00-00Z.sqlite',
      'numerek-2026-11-20T08-00-00Z.sqlite',
    ]);
    expect(listBackups(backups)[0]).toEqual({
      name: 'numerek-2026-11-23T08-00-00Z-1.sqlite',
      sizeBytes: 1,
      createdAt: '2026-11-23T08:00:00.000Z',
    });
    expect(pruneBackups(backups, 2)).toEqual([
      'numerek-2026-11-21T08-00-00Z.sqlite',
      'numerek-2026-11-20T08-00-00Z.sqlite',
    ]);
    expect(readdirSync(backups).sort()).toEqual([
      'notes.txt',
      'numerek-2026-11-23T08-00-00Z-1.sqlite',
      'numerek-2026-11-23T08-00-00Z.sqlite',
    ]);
    expect(listBackups(path.join(dir, 'no-such-folder'))).toEqual([]);
  });

  it('deletes the temporary files of copies abandoned over an hour ago, and leaves recent ones', () => {
    const backups = path.join(dir, 'backups');
    mkdirSync(backups);
    const abandoned = '.numerek-2026-11-20T08-00-00Z.sqlite.partial';
    const running = '.numerek-2026-11-23T08-00-00Z.sqlite.partial';
    for (const name of [abandoned, `${abandoned}-journal`, running])
      writeFileSync(path.join(backups, name), 'x');
    // Both times set here, by this process's clock: the kernel's file times may disagree with it.
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of [abandoned, `${abandoned}-journal`])
      utimesSync(path.join(backups, name), twoHoursAgo, twoHoursAgo);
    utimesSync(path.join(backups, running), new Date(), new Date());
    expect(pruneBackups(backups, 14)).toEqual([]);
    expect(readdirSync(backups)).toEqual([running]);
  });

  it('copies in steps while the same connection keeps writing, and the copy has every committed row', async () => {
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`row ${i} ${'x'.repeat(200)}`);
    })();
    let steps = 0;
    const target = path.join(dir, 'copy.sqlite');
    const made = await backupToFile(db, target, {
      pagesPerStep: 64,
      // Between two steps a write commits on the connection being copied, as in the server.
      onStep: () => {
        steps++;
        insert.run(`written during step ${steps}`);
      },
    });
    const rows = Number(db.prepare('SELECT count(*) FROM filler').pluck().get());
    expect(steps).toBeGreaterThan(10);
    expect(rows).toBe(20_000 + steps);
    expect(made).toMatchObject({ file: target, integrity: 'ok', tickets: 0 });
    expect(made.sizeBytes).toBeGreaterThan(4_000_000);
    // A single self-contained file: no -wal or -shm beside it, and no temporary file left.
    expect(readdirSync(dir).filter((f) => f.startsWith('copy') || f.includes('partial'))).toEqual([
      'copy.sqlite',
    ]);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(rows);
      expect(copy.prepare('SELECT body FROM filler ORDER BY id DESC LIMIT 1').pluck().get()).toBe(
        `written during step ${steps}`,
      );
    } finally {
      copy.close();
    }
  });

  it('names each backup by its time and keeps the newest N', async () => {
    const backups = path.join(dir, 'backups');
    const first = await backupInto(db, backups, AT, 2, { pagesPerStep: 100 });
    const second = await backupInto(db, backups, AT, 2, { pagesPerStep: 100 });
    const third = await backupInto(db, backups, AT + 60_000, 2, { pagesPerStep: 100 });
    expect([first.name, second.name, third.name]).toEqual([
      'numerek-2026-11-23T08-00-00Z.sqlite',
      'numerek-2026-11-23T08-00-00Z-1.sqlite',
      'numerek-2026-11-23T08-01-00Z.sqlite',
    ]);
    expect(third).toMatchObject({ integrity: 'ok', createdAt: '2026-11-23T08:01:00.000Z' });
    expect(third.deleted).toEqual(['numerek-2026-11-23T08-00-00Z.sqlite']);
    expect(listBackups(backups).map((b) => b.name)).toEqual([third.name, second.name]);
  });
});

describe('checking a copy', () => {
  it('reports a damaged file instead of calling it ok', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-damaged-'));
    try {
      const file = path.join(dir, 'damaged.sqlite');
      const db = new Database(file);
      db.exec('CREATE TABLE tickets (id TEXT PRIMARY KEY, code TEXT NOT NULL)');
      db.exec('CREATE INDEX tickets_code ON tickets (code)');
      const insert = db.prepare('INSERT INTO tickets VALUES (?, ?)');
      db.transaction(() => {
        for (let i = 0; i < 2000; i++) insert.run(`t${i}`, `A${String(i).padStart(3, '0')}`);
      })();
      const pageSize = Number(db.pragma('page_size', { simple: true }));
      const root = Number(
        db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'tickets_code'").pluck().get(),
      );
      db.close();
      expect((await checkCopy(file)).integrity).toBe('ok');
      // Zero the second half of the index's root page, as a failing disk might.
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(pageSize / 2), 0, pageSize / 2, (root - 1) * pageSize + pageSize / 2);
      closeSync(fd);
      const check = await checkCopy(file);
      expect(check.integrity).not.toBe('ok');
      expect(check.integrity.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
