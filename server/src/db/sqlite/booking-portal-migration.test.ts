import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../migrations.ts';
import { migrateSqlite, SQLITE_MIGRATIONS } from './sqlite-migrate.ts';

describe('migration 0018 (booking portal and calendar feeds)', () => {
  it('keeps every device with its counter, pairing codes, print jobs and wrong-code pauses, and admits booking portals', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrations(SQLITE_MIGRATIONS);
    migrateSqlite(
      db,
      all.filter((m) => m.version < 18),
    );
    db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0);
      INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c', 'o', 'A', '{}', 0, 0);
      INSERT INTO counters (id, office_id, name, number, created_at, updated_at) VALUES ('k1', 'o', 'One', 1, 0, 0);
      INSERT INTO devices (id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at, counter_id)
        VALUES ('k', 'o', 'kiosk', 'Kiosk', 'h1', NULL, NULL, 5, 1, NULL, 2, NULL),
               ('f', 'o', 'feedback', 'Tablet', 'h2', NULL, NULL, NULL, 1, NULL, 3, 'k1'),
               ('a', 'o', 'print-agent', 'Agent', 'h3', NULL, NULL, NULL, 1, NULL, 3, NULL);
      INSERT INTO printers (id, office_id, name, connection, code_page, paper_width, created_at, updated_at, agent_id)
        VALUES ('p', 'o', 'P', 'tcp://10.0.0.9:9100', 'cp852', 80, 1, 1, 'a');
      INSERT INTO device_pairing_codes (code_hash, device_id, created_by, created_at, expires_at, used_at)
        VALUES ('p1', 'k', NULL, 1, 2, 2);
      INSERT INTO print_jobs (id, office_id, printer_id, agent_id, ticket_id, job, created_at, expires_at, updated_at)
        VALUES ('j', 'o', 'p', 'a', 't', '{}', 1, 2, 1);
      INSERT INTO check_in_pauses (device_id, wrong_codes, paused_until) VALUES ('k', 3, 99);
      INSERT INTO tickets (id, office_id, category_id, service_day, number, code, priority_weight, state, issued_at, queued_at, estimate_min, estimate_max, issued_by_device_id)
        VALUES ('t', 'o', 'c', '2026-11-23', 1, 'A001', 1, 'waiting', 0, 0, 0, 0, 'k');`);
    const read = () => ({
      devices: db.prepare('SELECT * FROM devices ORDER BY id').all(),
      codes: db.prepare('SELECT * FROM device_pairing_codes ORDER BY code_hash').all(),
      jobs: db.prepare('SELECT * FROM print_jobs').all(),
      pauses: db.prepare('SELECT * FROM check_in_pauses').all(),
      printers: db.prepare('SELECT * FROM printers').all(),
    });
    const before = read();

    expect(migrateSqlite(db, all)).toContain(18);

    expect(read()).toEqual(before);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.exec(
      `INSERT INTO devices (id, office_id, kind, name, token_hash, created_at) VALUES ('portal', 'o', 'portal', 'Portal', 'h4', 3)`,
    );
    expect(() =>
      db.exec(
        `INSERT INTO devices (id, office_id, kind, name, token_hash, created_at) VALUES ('x', 'o', 'toaster', 'X', 'h5', 3)`,
      ),
    ).toThrow(/CHECK/);
    // A kiosk's pause goes with the kiosk; a category's feed with the category.
    db.exec(`DELETE FROM tickets; DELETE FROM device_pairing_codes; DELETE FROM devices WHERE id = 'k'`);
    expect(db.prepare('SELECT count(*) FROM check_in_pauses').pluck().get()).toBe(0);
    db.exec(
      `INSERT INTO booking_feeds (category_id, office_id, token_hash, created_at) VALUES ('c', 'o', 'x', 1)`,
    );
    db.exec(`DELETE FROM categories WHERE id = 'c'`);
    expect(db.prepare('SELECT count(*) FROM booking_feeds').pluck().get()).toBe(0);
  });
});
