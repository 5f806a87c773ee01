import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../migrations.ts';
import { migrateSqlite, SQLITE_MIGRATIONS } from './sqlite-migrate.ts';

describe('migration 0014 (visit survey)', () => {
  it('keeps every device, its pairing codes, print jobs and tickets, and admits feedback tablets', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrations(SQLITE_MIGRATIONS);
    migrateSqlite(
      db,
      all.filter((m) => m.version < 14),
    );
    db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0);
      INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c', 'o', 'A', '{}', 0, 0);
      INSERT INTO counters (id, office_id, name, number, created_at, updated_at) VALUES ('k1', 'o', 'One', 1, 0, 0);
      INSERT INTO devices (id, office_id, kind, name, token_hash, printer_id, revoked_at, last_seen_at, created_at, settings, paired_at)
        VALUES ('k', 'o', 'kiosk', 'Kiosk', 'h1', NULL, NULL, 5, 1, NULL, 2),
               ('d', 'o', 'display', 'TV', 'h2', NULL, 9, NULL, 1, '{"repeat":2}', NULL),
               ('a', 'o', 'print-agent', 'Agent', 'h3', NULL, NULL, NULL, 1, NULL, 3);
      INSERT INTO printers (id, office_id, name, connection, code_page, paper_width, created_at, updated_at, agent_id)
        VALUES ('p', 'o', 'P', 'tcp://10.0.0.9:9100', 'cp852', 80, 1, 1, 'a');
      INSERT INTO device_pairing_codes (code_hash, device_id, created_by, created_at, expires_at, used_at)
        VALUES ('p1', 'k', NULL, 1, 2, 2), ('p2', 'd', NULL, 1, 2, NULL);
      INSERT INTO print_jobs (id, office_id, printer_id, agent_id, ticket_id, job, created_at, expires_at, updated_at)
        VALUES ('j', 'o', 'p', 'a', 't', '{}', 1, 2, 1);
      INSERT INTO tickets (id, office_id, category_id, service_day, number, code, priority_weight, state, issued_at, queued_at, estimate_min, estimate_max, issued_by_device_id)
        VALUES ('t', 'o', 'c', '2026-11-23', 1, 'A001', 1, 'waiting', 0, 0, 0, 0, 'k');`);
    const read = () => ({
      devices: db.prepare('SELECT * FROM devices ORDER BY id').all(),
      codes: db.prepare('SELECT * FROM device_pairing_codes ORDER BY code_hash').all(),
      jobs: db.prepare('SELECT * FROM print_jobs').all(),
      printers: db.prepare('SELECT * FROM printers').all(),
    });
    const before = read();

    expect(migrateSqlite(db, all)).toContain(14);

    const after = read();
    expect(after.devices).toEqual((before.devices as object[]).map((d) => ({ ...d, counter_id: null })));
    expect(after.codes).toEqual(before.codes);
    expect(after.jobs).toEqual(before.jobs);
    expect(after.printers).toEqual(before.printers);
    expect(db.prepare('SELECT survey_answered FROM tickets').pluck().all()).toEqual([0]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.exec(
      `INSERT INTO devices (id, office_id, kind, name, token_hash, created_at, counter_id) VALUES ('f', 'o', 'feedback', 'Tablet', 'h4', 3, 'k1')`,
    );
    expect(() =>
      db.exec(
        `INSERT INTO devices (id, office_id, kind, name, token_hash, created_at) VALUES ('x', 'o', 'toaster', 'X', 'h5', 3)`,
      ),
    ).toThrow(/CHECK/);
    // A tablet outlives its counter, unbound; a device with tickets cannot go; codes and jobs go with theirs.
    db.exec(`DELETE FROM counters WHERE id = 'k1'`);
    expect(db.prepare(`SELECT counter_id FROM devices WHERE id = 'f'`).pluck().get()).toBeNull();
    expect(() => db.exec(`DELETE FROM devices WHERE id = 'k'`)).toThrow(/FOREIGN KEY/);
    db.exec(`DELETE FROM devices WHERE id = 'd'`);
    expect(db.prepare('SELECT code_hash FROM device_pairing_codes').pluck().all()).toEqual(['p1']);
    db.exec(`UPDATE printers SET agent_id = NULL; DELETE FROM devices WHERE id = 'a'`);
    expect(db.prepare('SELECT count(*) FROM print_jobs').pluck().get()).toBe(0);
  });

  it('refuses an answer that is out of range or gives a reason after a good score', () => {
    const db = new Database(':memory:');
    migrateSqlite(db);
    db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0)`);
    const insert =
      (score: number, reason: string | null, extra = {}) =>
      () =>
        db
          .prepare(
            `INSERT INTO survey_answers (office_id, service_day, hour, category_id, wait_band, transfers, channel, score, reason)
           VALUES (@office, '2026-11-23', @hour, 'c', @band, @transfers, 'phone', @score, @reason)`,
          )
          .run({ office: 'o', hour: 9, band: '0-10', transfers: 0, score, reason, ...extra });
    expect(insert(1, 'wait')).not.toThrow();
    expect(insert(5, null)).not.toThrow();
    expect(insert(0, null)).toThrow(/CHECK/);
    expect(insert(6, null)).toThrow(/CHECK/);
    expect(insert(4, 'manner')).toThrow(/CHECK/);
    expect(insert(1, 'rude clerk')).toThrow(/CHECK/);
    expect(insert(3, null, { hour: 24 })).toThrow(/CHECK/);
    expect(insert(3, null, { band: '5' })).toThrow(/CHECK/);
    expect(insert(3, null, { transfers: 3 })).toThrow(/CHECK/);
  });
});
