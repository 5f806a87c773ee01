import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { loadMigrations } from './migrations.ts';
import { migrateSqlite, SQLITE_MIGRATIONS } from './sqlite/sqlite-migrate.ts';

const migrate = (db: Database.Database, migrations = loadMigrations(SQLITE_MIGRATIONS)) =>
  migrateSqlite(db, migrations);

describe('migrations', () => {
  it('apply once, in order, and are recorded', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'numerek-db-')), 'n.sqlite');
    const db = openDatabase(file);
    const versions = await db.all<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(versions.map((v) => v.version)).toEqual(loadMigrations(SQLITE_MIGRATIONS).map((m) => m.version));
    expect(migrate(db.raw)).toEqual([]);
    await db.close();
    const again = openDatabase(file);
    expect(migrate(again.raw)).toEqual([]);
    await again.close();
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

  it('gives every office one priority weight, and forgets what told groups apart on old tickets', () => {
    const db = new Database(':memory:');
    const all = loadMigrations(SQLITE_MIGRATIONS);
    migrate(
      db,
      all.filter((m) => m.version < 5),
    );
    db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0), ('p', 'P', 'Europe/Warsaw', 0);
      INSERT INTO office_settings (office_id) VALUES ('o'), ('p');
      INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at)
        VALUES ('c', 'o', 'A', '{}', 0, 0), ('d', 'p', 'A', '{}', 0, 0);
      INSERT INTO priority_groups (id, office_id, names, weight, created_at, updated_at) VALUES
        ('g1', 'o', '{}', 4.01, 0, 0), ('g2', 'o', '{}', 4.03, 0, 0), ('h1', 'p', '{}', 3, 0, 0), ('h2', 'p', '{}', 3, 0, 0);
      INSERT INTO tickets (id, office_id, category_id, service_day, number, code, priority_weight, state, issued_at, queued_at, estimate_min, estimate_max, call_reason)
        VALUES ('t1', 'o', 'c', '2026-11-23', 1, 'A001', 4.01, 'called', 0, 0, 0, 0, 'priority ×4.01, waited 6 min, score 24.06'),
               ('t2', 'o', 'c', '2026-11-23', 2, 'A002', 4.03, 'waiting', 0, 0, 0, 0, NULL),
               ('t3', 'o', 'c', '2026-11-23', 3, 'A003', 1, 'waiting', 0, 0, 0, 0, NULL),
               ('u1', 'p', 'd', '2026-11-23', 1, 'A001', 3, 'called', 0, 0, 0, 0, 'priority ×3, waited 2 min, score 6');
      INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind, data) VALUES
        ('t1', 'o', 'called', 0, 'system', '{"rule":"score","reason":"priority ×4.01, waited 6 min, score 24.06"}'),
        ('u1', 'p', 'called', 0, 'system', '{"rule":"score","reason":"priority ×3, waited 2 min, score 6"}');`);
    migrate(db, all);
    const weights = db.prepare('SELECT id, priority_weight, call_reason FROM tickets ORDER BY id').all();
    expect(weights).toEqual([
      { id: 't1', priority_weight: 4.03, call_reason: null },
      { id: 't2', priority_weight: 4.03, call_reason: null },
      { id: 't3', priority_weight: 1, call_reason: null },
      // An office whose groups were weighed alike keeps its reasons: they told nothing.
      { id: 'u1', priority_weight: 3, call_reason: 'priority ×3, waited 2 min, score 6' },
    ]);
    expect(db.prepare('SELECT data FROM ticket_events ORDER BY ticket_id').pluck().all()).toEqual([
      '{"rule":"score"}',
      '{"rule":"score","reason":"priority ×3, waited 2 min, score 6"}',
    ]);
    expect(
      db.prepare('SELECT office_id, priority_weight FROM office_settings ORDER BY office_id').all(),
    ).toEqual([
      { office_id: 'o', priority_weight: 4.03 },
      { office_id: 'p', priority_weight: 3 },
    ]);
    expect(
      db
        .prepare('SELECT * FROM priority_groups')
        .columns()
        .map((c) => c.name),
    ).not.toContain('weight');
    expect(() => db.exec("UPDATE ticket_events SET type = 'issued'")).toThrow(/append-only/);
  });

  it('keeps the ticket event log append-only', async () => {
    const db = openDatabase(':memory:');
    await db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0);
      INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c', 'o', 'A', '{}', 0, 0);
      INSERT INTO tickets (id, office_id, category_id, service_day, number, code, state, issued_at, queued_at, estimate_min, estimate_max)
        VALUES ('t', 'o', 'c', '2026-11-23', 1, 'A001', 'waiting', 0, 0, 0, 0);
      INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind) VALUES ('t', 'o', 'issued', 0, 'system');`);
    await expect(db.exec("UPDATE ticket_events SET type = 'called'")).rejects.toThrow(/append-only/);
  });
});
