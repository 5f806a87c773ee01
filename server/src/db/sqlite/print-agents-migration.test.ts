import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../migrations.ts';
import { migrateSqlite, SQLITE_MIGRATIONS } from './sqlite-migrate.ts';

describe('migration 0011 (print agents)', () => {
  it('keeps every device, its pairing codes and the tickets it issued, and admits print agents', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrations(SQLITE_MIGRATIONS);
    migrateSqlite(
      db,
      all.filter((m) => m.version < 11),
    );
    db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0);
      INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c', 'o', 'A', '{}', 0, 0);
      INSERT INTO devices (id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at)
        VALUES ('k', 'o', 'kiosk', 'Kiosk', 'h1', NULL, NULL, 5, 1, NULL, 2),
               ('d', 'o', 'display', 'TV', 'h2', NULL, 9, NULL, 1, '{"repeat":2}', NULL);
      INSERT INTO device_pairing_codes (code_hash, device_id, created_by, created_at, expires_at, used_at)
        VALUES ('p1', 'k', NULL, 1, 2, 2), ('p2', 'd', NULL, 1, 2, NULL);
      INSERT INTO tickets (id, office_id, category_id, service_day, number, code, priority_weight, state, issued_at, queued_at, estimate_min, estimate_max, issued_by_device_id)
        VALUES ('t', 'o', 'c', '2026-11-23', 1, 'A001', 1, 'waiting', 0, 0, 0, 0, 'k');`);
    const before = {
      devices: db.prepare('SELECT * FROM devices ORDER BY id').all(),
      codes: db.prepare('SELECT * FROM device_pairing_codes ORDER BY code_hash').all(),
    };

    expect(
      migrateSqlite(
        db,
        all.filter((m) => m.version <= 11),
      ),
    ).toContain(11);

    expect(db.prepare('SELECT * FROM devices ORDER BY id').all()).toEqual(before.devices);
    expect(db.prepare('SELECT * FROM device_pairing_codes ORDER BY code_hash').all()).toEqual(before.codes);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.exec(
      `INSERT INTO devices (id, office_id, kind, name, token_hash, created_at) VALUES ('a', 'o', 'print-agent', 'Agent', 'h3', 3)`,
    );
    expect(() =>
      db.exec(
        `INSERT INTO devices (id, office_id, kind, name, token_hash, created_at) VALUES ('x', 'o', 'toaster', 'X', 'h4', 3)`,
      ),
    ).toThrow(/CHECK/);
    // The references to devices still hold: a device with tickets cannot go, a code goes with its device.
    expect(() => db.exec(`DELETE FROM devices WHERE id = 'k'`)).toThrow(/FOREIGN KEY/);
    db.exec(`DELETE FROM devices WHERE id = 'd'`);
    expect(db.prepare('SELECT code_hash FROM device_pairing_codes').pluck().all()).toEqual(['p1']);
  });
});
