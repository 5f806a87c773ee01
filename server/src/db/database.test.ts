import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase } from './database.ts';

describe('migrations', () => {
  it('apply once, in order, and are recorded', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'numerek-db-')), 'n.sqlite');
    const db = openDatabase(file);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(loadMigrations().map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    db.close();
    expect(migrate(openDatabase(file))).toEqual([]);
  });

  it('run a new migration forward only, and roll back a failing one whole', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-mig-'));
    writeFileSync(path.join(dir, '0001-a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(
      path.join(dir, '0002-b.sql'),
      'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);',
    );
    const db = new Database(':memory:');
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/nowhere/);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b')")
      .pluck()
      .all();
    expect(tables).toEqual(['a']);
  });

  it('keeps the ticket event log append-only', () => {
    const db = openDatabase(':memory:');
    db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0);
      INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c', 'o', 'A', '{}', 0, 0);
      INSERT INTO tickets (id, office_id, category_id, service_day, number, code, state, issued_at, queued_at, estimate_min, estimate_max)
        VALUES ('t', 'o', 'c', '2026-11-23', 1, 'A001', 'waiting', 0, 0, 0, 0);
      INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind) VALUES ('t', 'o', 'issued', 0, 'system');`);
    expect(() => db.exec("UPDATE ticket_events SET type = 'called'")).toThrow(/append-only/);
  });
});
