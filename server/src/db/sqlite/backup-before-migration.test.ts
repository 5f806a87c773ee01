import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { loadMigrations } from '../migrations.ts';
import { migrateSqlite, SQLITE_MIGRATIONS } from './sqlite-migrate.ts';

describe('an upgrade of the SQLite file', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-upgrade-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('copies the data to DATA_DIR/backups before a migration runs, and the copy is the old version', () => {
    const dir = tempDir();
    const file = path.join(dir, 'numerek.sqlite');
    const all = loadMigrations(SQLITE_MIGRATIONS);
    const last = all[all.length - 1];
    if (!last) throw new Error('no migrations');
    // The previous version's database, with an office in it.
    const old = new Database(file);
    migrateSqlite(
      old,
      all.filter((m) => m.version < last.version),
    );
    old.exec(`INSERT INTO offices VALUES ('o', 'Urząd', 'Europe/Warsaw', 0)`);
    old.close();

    const db = openDatabase(file);
    db.raw.close();

    const copies = readdirSync(path.join(dir, 'backups'));
    expect(copies).toEqual([
      expect.stringMatching(
        new RegExp(
          `^numerek-before-migration-${String(last.version).padStart(4, '0')}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z\\.sqlite$`,
        ),
      ),
    ]);
    const copy = new Database(path.join(dir, 'backups', copies[0] ?? ''), { readonly: true });
    try {
      expect(copy.prepare('SELECT name FROM offices').pluck().all()).toEqual(['Urząd']);
      expect(copy.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(
        all[all.length - 2]?.version,
      );
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
  });

  it('makes no copy of a new database, nor of one that is up to date', () => {
    const dir = tempDir();
    const file = path.join(dir, 'numerek.sqlite');
    openDatabase(file).raw.close();
    openDatabase(file).raw.close();
    expect(readdirSync(dir)).not.toContain('backups');
  });
});
