import { dropDatabase, newDatabase } from '@numerek/server/testing/postgres';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/database.ts';
import { loadMigrations } from '../../server/src/db/migrations.ts';
import { PostgresDb } from '../../server/src/db/postgres/postgres-db.ts';
import { POSTGRES_MIGRATIONS } from '../../server/src/db/postgres/postgres-migrate.ts';
import type { SqlDb } from '../../server/src/db/sql.ts';
import type { SqliteDb } from '../../server/src/db/sqlite/sqlite-db.ts';
import { SQLITE_MIGRATIONS } from '../../server/src/db/sqlite/sqlite-migrate.ts';

/**
 * PostgreSQL's schema is written by hand beside SQLite's (server/src/db/postgres/migrations/):
 * after all migrations both must hold the same tables, columns, keys, indexes and rules, so that
 * every statement of the repositories means the same on either engine.
 */

interface Column {
  name: string;
  /** integer, real or text: INTEGER and BIGINT are both SQLite's INTEGER. */
  type: string;
  notNull: boolean;
  default: string | null;
}

interface Shape {
  columns: Column[];
  primaryKey: string[];
  /** `unique (a, b) where …`, sorted. */
  indexes: string[];
  /** `(a) → t(b) on delete cascade`, sorted. */
  foreignKeys: string[];
  triggers: string[];
}

type Schema = Record<string, Shape>;

/** A default or a predicate as both engines would write it: no casts, no brackets, one case. */
const plain = (sql: string | null): string | null =>
  sql === null
    ? null
    : sql
        .replace(/::[a-z ]+/g, '')
        .replace(/[()]/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();

const TYPE_CLASS: Record<string, string> = {
  INTEGER: 'integer',
  REAL: 'real',
  TEXT: 'text',
  integer: 'integer',
  bigint: 'integer',
  'double precision': 'real',
  text: 'text',
};

function sqliteSchema(db: SqliteDb): Schema {
  const raw = db.raw;
  const tables = raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const schema: Schema = {};
  for (const table of tables) {
    const info = raw.prepare(`PRAGMA table_info(${table})`).all() as Array<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }>;
    const indexes = (
      raw.prepare(`PRAGMA index_list(${table})`).all() as Array<{
        name: string;
        unique: number;
        origin: string;
        partial: number;
      }>
    )
      .filter((i) => i.origin !== 'pk')
      .map((i) => {
        const columns = (raw.prepare(`PRAGMA index_info(${i.name})`).all() as Array<{ name: string }>).map(
          (c) => c.name,
        );
        const sql = raw.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(i.name) as
          string | null;
        const where = i.partial && sql ? plain(/\bWHERE\b(.*)$/is.exec(sql)?.[1] ?? '') : null;
        return `${i.unique ? 'unique ' : ''}(${columns.join(', ')})${where ? ` where ${where}` : ''}`;
      });
    const fks = new Map<number, { from: string[]; to: string[]; table: string; onDelete: string }>();
    for (const fk of raw.prepare(`PRAGMA foreign_key_list(${table})`).all() as Array<{
      id: number;
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }>) {
      const entry = fks.get(fk.id) ?? { from: [], to: [], table: fk.table, onDelete: fk.on_delete };
      entry.from.push(fk.from);
      entry.to.push(fk.to);
      fks.set(fk.id, entry);
    }
    schema[table] = {
      columns: info.map((c) => ({
        name: c.name,
        type: TYPE_CLASS[c.type] ?? c.type,
        // A primary key is never null on PostgreSQL; SQLite would take a null in a TEXT key, which
        // Numerek never writes.
        notNull: c.notnull === 1 || c.pk > 0,
        default: plain(c.dflt_value),
      })),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      indexes: indexes.sort(),
      foreignKeys: [...fks.values()]
        .map(
          (f) =>
            `(${f.from.join(', ')}) → ${f.table}(${f.to.join(', ')}) on delete ${f.onDelete.toLowerCase()}`,
        )
        .sort(),
      triggers: (
        raw
          .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name")
          .pluck()
          .all(table) as string[]
      ).sort(),
    };
  }
  return schema;
}

const ON_DELETE: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

async function postgresSchema(db: PostgresDb): Promise<Schema> {
  const columns = await db.all<{
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    dflt: string | null;
    identity: string;
  }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS identity
       FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      ORDER BY c.relname, a.attnum`,
  );
  const indexes = await db.all<{
    table: string;
    unique: boolean;
    primary: boolean;
    predicate: string | null;
    columns: string;
  }>(
    `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
            pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord)
               FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(num, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.num) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
      WHERE t.relnamespace = 'public'::regnamespace`,
  );
  const fks = await db.all<{ table: string; ref: string; deltype: string; cols: string; ref_cols: string }>(
    `SELECT con.conrelid::regclass::text AS table, con.confrelid::regclass::text AS ref, con.confdeltype AS deltype,
            (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord)
               FROM unnest(con.conkey) WITH ORDINALITY AS k(num, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num) AS cols,
            (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord)
               FROM unnest(con.confkey) WITH ORDINALITY AS k(num, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num) AS ref_cols
       FROM pg_constraint con
      WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace`,
  );
  const triggers = await db.all<{ table: string; name: string }>(
    `SELECT tgrelid::regclass::text AS table, tgname AS name FROM pg_trigger WHERE NOT tgisinternal`,
  );
  const schema: Schema = {};
  for (const c of columns) {
    const shape = (schema[c.table] ??= {
      columns: [],
      primaryKey: [],
      indexes: [],
      foreignKeys: [],
      triggers: [],
    });
    shape.columns.push({
      name: c.name,
      type: TYPE_CLASS[c.type] ?? c.type,
      notNull: c.not_null,
      default: plain(c.dflt),
    });
  }
  for (const i of indexes) {
    const shape = schema[i.table];
    if (!shape) continue;
    if (i.primary) shape.primaryKey = i.columns.split(', ');
    else
      shape.indexes.push(
        `${i.unique ? 'unique ' : ''}(${i.columns})${i.predicate ? ` where ${plain(i.predicate)}` : ''}`,
      );
  }
  for (const f of fks)
    schema[f.table]?.foreignKeys.push(
      `(${f.cols}) → ${f.ref}(${f.ref_cols}) on delete ${ON_DELETE[f.deltype]}`,
    );
  for (const t of triggers) schema[t.table]?.triggers.push(t.name);
  for (const shape of Object.values(schema)) {
    shape.indexes.sort();
    shape.foreignKeys.sort();
    shape.triggers.sort();
  }
  return schema;
}

/** The names of the indexes made with CREATE INDEX (those backing a key or UNIQUE differ by engine). */
async function namedIndexes(sqlite: SqliteDb, pg: PostgresDb): Promise<[string[], string[]]> {
  const lite = sqlite.raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .pluck()
    .all() as string[];
  const post = await pg.all<{ name: string }>(
    `SELECT i.relname AS name FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
      WHERE i.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid)
      ORDER BY 1`,
  );
  return [lite, post.map((r) => r.name)];
}

let dir: string;
let sqlite: SqliteDb;
let pg: PostgresDb;
let pgUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'numerek-parity-'));
  sqlite = openDatabase(path.join(dir, 'numerek.sqlite'));
  pgUrl = await newDatabase();
  pg = new PostgresDb(pgUrl);
});

afterAll(async () => {
  await sqlite.close();
  await pg.close();
  await dropDatabase(pgUrl);
  rmSync(dir, { recursive: true, force: true });
});

describe('the PostgreSQL schema', () => {
  it('has the tables, columns, keys, indexes, foreign keys and triggers SQLite has', async () => {
    const lite = sqliteSchema(sqlite);
    const post = await postgresSchema(pg);
    expect(Object.keys(post).sort()).toEqual(Object.keys(lite).sort());
    expect(post).toEqual(lite);
    expect(Object.values(lite).flatMap((t) => t.indexes)).toHaveLength(33);
    const [liteNames, postNames] = await namedIndexes(sqlite, pg);
    expect(postNames).toEqual(liteNames);
  });

  it('comes from migrations numbered as SQLite’s from 0010 on', () => {
    const lite = loadMigrations(SQLITE_MIGRATIONS).map((m) => m.version);
    const post = loadMigrations(POSTGRES_MIGRATIONS).map((m) => m.version);
    expect(post[0]).toBe(10);
    expect(post).toEqual(lite.filter((v) => v >= 10));
  });

  it('refuses the same rows as SQLite, and takes the same', async () => {
    const setup = [
      "INSERT INTO offices (id, name, time_zone, created_at) VALUES ('o', 'Office', 'Europe/Warsaw', 1)",
      "INSERT INTO office_settings (office_id) VALUES ('o')",
      "INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c', 'o', 'A', '{}', 1, 1)",
      "INSERT INTO users (id, office_id, username, display_name, role, password_hash, created_at, updated_at) VALUES ('u', 'o', 'anna', 'Anna', 'clerk', 'h', 1, 1)",
      "INSERT INTO counters (id, office_id, name, number, clerk_user_id, created_at, updated_at) VALUES ('k1', 'o', 'One', 1, 'u', 1, 1)",
      "INSERT INTO counters (id, office_id, name, number, created_at, updated_at) VALUES ('k2', 'o', 'Two', 2, 1, 1)",
      `INSERT INTO tickets (id, office_id, category_id, service_day, number, code, state, issued_at, queued_at, estimate_min, estimate_max)
         VALUES ('t1', 'o', 'c', '2031-06-02', 1, 'A001', 'waiting', 1, 1, 0, 0)`,
      "INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind) VALUES ('t1', 'o', 'issued', 1, 'system')",
      "INSERT INTO audit_log (office_id, at, action, entity) VALUES ('o', 1, 'create', 'office')",
      "INSERT INTO bookings (id, office_id, category_id, code, service_day, slot_at, slot_minutes, source, portal_id, created_at, updated_at) VALUES ('b0', 'o', 'c', '111111', '2031-06-02', 1, 15, 'portal', 'P-1', 1, 1)",
    ];
    const refused = [
      "INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c2', 'o', 'ABCD', '{}', 1, 1)",
      "INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c3', 'o', 'A', '{}', 1, 1)",
      "INSERT INTO users (id, office_id, username, display_name, role, password_hash, created_at, updated_at) VALUES ('u2', 'o', 'root', 'Root', 'root', 'h', 1, 1)",
      "UPDATE users SET language = 'de'",
      'UPDATE users SET password_change_required = 2',
      'UPDATE office_settings SET priority_weight = 11',
      'UPDATE office_settings SET priority_weight = 0.5',
      'UPDATE office_settings SET strict_priority = 2',
      "UPDATE counters SET clerk_user_id = 'u' WHERE id = 'k2'",
      "UPDATE counters SET state = 'lunch'",
      "UPDATE tickets SET state = 'lost'",
      "UPDATE tickets SET call_decision = 'not json'",
      `INSERT INTO tickets (id, office_id, category_id, service_day, number, code, state, issued_at, queued_at, estimate_min, estimate_max)
         VALUES ('t2', 'o', 'c', '2031-06-02', 1, 'A001', 'waiting', 2, 2, 0, 0)`,
      `INSERT INTO tickets (id, office_id, category_id, service_day, number, code, state, issued_at, queued_at, estimate_min, estimate_max)
         VALUES ('t3', 'o', 'nowhere', '2031-06-02', 2, 'A002', 'waiting', 2, 2, 0, 0)`,
      "UPDATE ticket_events SET type = 'called'",
      "UPDATE audit_log SET action = 'delete'",
      "INSERT INTO printers (id, office_id, name, connection, code_page, paper_width, created_at, updated_at) VALUES ('p', 'o', 'P', 'tcp', 'cp852', 57, 1, 1)",
      "INSERT INTO device_pairing_codes (code_hash, device_id, created_at, expires_at) VALUES ('h', 'no-device', 1, 2)",
      "INSERT INTO report_day_groups (office_id, service_day, category_id, priority, issued, served, no_show, transferred, cancelled, over_max_wait, wait_seconds, service_seconds, arrivals_by_hour) VALUES ('o', '2031-06-02', 'c', 2, 0, 0, 0, 0, 0, 0, '[]', '[]', '[]')",
      'UPDATE tickets SET survey_answered = 2',
      "INSERT INTO survey_answers (office_id, service_day, hour, category_id, wait_band, transfers, channel, score, reason) VALUES ('o', '2031-06-02', 9, 'c', '0-10', 0, 'phone', 4, 'manner')",
      "INSERT INTO survey_settings (office_id, tablet) VALUES ('o', 2)",
      'UPDATE tickets SET booked = 2',
      "INSERT INTO booking_settings (category_id, office_id, days_from, days_ahead) VALUES ('c', 'o', 5, 2)",
      "INSERT INTO bookings (id, office_id, category_id, code, service_day, slot_at, slot_minutes, source, created_at, updated_at) VALUES ('b1', 'o', 'c', '12345', '2031-06-02', 1, 15, 'public', 1, 1)",
      "INSERT INTO bookings (id, office_id, category_id, code, service_day, slot_at, slot_minutes, source, status, created_at, updated_at) VALUES ('b1', 'o', 'c', '123456', '2031-06-02', 1, 15, 'public', 'late', 1, 1)",
      "INSERT INTO bookings (id, office_id, category_id, code, service_day, slot_at, slot_minutes, source, created_at, updated_at) VALUES ('b2', 'o', 'c', '111111', '2031-06-02', 1, 15, 'public', 1, 1)",
      "INSERT INTO bookings (id, office_id, category_id, code, service_day, slot_at, slot_minutes, source, portal_id, created_at, updated_at) VALUES ('b4', 'o', 'c', '333333', '2031-06-02', 1, 15, 'portal', 'P-1', 1, 1)",
    ];
    const taken = [
      // A transferred ticket keeps its parent's number.
      `INSERT INTO tickets (id, office_id, category_id, service_day, number, code, state, issued_at, queued_at, estimate_min, estimate_max, parent_ticket_id)
         VALUES ('t4', 'o', 'c', '2031-06-02', 1, 'A001', 'waiting', 3, 1, 0, 0, 't1')`,
      `UPDATE tickets SET call_decision = '{"rule":"fifo"}' WHERE id = 't1'`,
      "UPDATE counters SET clerk_user_id = NULL WHERE id = 'k1'",
      "UPDATE counters SET clerk_user_id = 'u' WHERE id = 'k2'",
      'DELETE FROM ticket_events WHERE id = 1',
      "INSERT INTO survey_answers (office_id, service_day, hour, category_id, wait_band, transfers, channel, score, reason) VALUES ('o', '2031-06-02', 9, 'c', '60+', 2, 'tablet', 1, 'wait')",
      "INSERT INTO survey_settings (office_id, per_clerk) VALUES ('o', 1)",
      "INSERT INTO booking_settings (category_id, office_id, enabled) VALUES ('c', 'o', 1)",
      "INSERT INTO bookings (id, office_id, category_id, code, service_day, slot_at, slot_minutes, source, created_at, updated_at) VALUES ('b1', 'o', 'c', '222222', '2031-06-02', 1, 15, 'public', 1, 1)",
      // A live code is unique; once checked in, the same digits may be given again.
      "UPDATE bookings SET status = 'checked_in' WHERE id = 'b0'",
      "INSERT INTO bookings (id, office_id, category_id, code, service_day, slot_at, slot_minutes, source, portal_id, created_at, updated_at) VALUES ('b3', 'o', 'c', '111111', '2031-06-02', 1, 15, 'portal', 'P-2', 1, 1)",
    ];
    const outcomes = async (db: SqlDb): Promise<string[]> => {
      for (const sql of setup) await db.run(sql);
      const out: string[] = [];
      for (const sql of [...refused, ...taken]) {
        try {
          await db.run(sql);
          out.push(`taken: ${sql}`);
        } catch {
          out.push(`refused: ${sql}`);
        }
      }
      return out;
    };
    const expected = [...refused.map((s) => `refused: ${s}`), ...taken.map((s) => `taken: ${s}`)];
    expect(await outcomes(sqlite)).toEqual(expected);
    expect(await outcomes(pg)).toEqual(expected);
  });
});
