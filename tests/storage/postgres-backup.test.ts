import { newDatabase, testPostgresBinaries, testPostgresUrl } from '@numerek/server/testing/postgres';
import { loadMigrations } from '../../server/src/db/migrations.ts';
import { POSTGRES_MIGRATIONS } from '../../server/src/db/postgres/postgres-migrate.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../server/src/db/database.ts';
import { PostgresDb } from '../../server/src/db/postgres/postgres-db.ts';

/** The backup and restore of docs/operations/postgresql.md, step by step, on the run's server. */

const exec = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'numerek-pgdump-'));
const opened: PostgresDb[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Host, port, user and database of an address, as pg_dump and pg_restore take them. */
function connection(url: string): string[] {
  const u = new URL(url);
  return ['-h', u.hostname, '-p', u.port, '-U', decodeURIComponent(u.username), '-d', u.pathname.slice(1)];
}

async function counts(db: PostgresDb): Promise<Record<string, number>> {
  const tables = await db.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = Number(await db.value(`SELECT count(*) FROM ${name}`));
  return out;
}

async function fill(db: PostgresDb): Promise<void> {
  await db.exec(`
    INSERT INTO offices (id, name, time_zone, created_at) VALUES ('o', 'Urząd Dzielnicy', 'Europe/Warsaw', 1);
    INSERT INTO office_settings (office_id) VALUES ('o');
    INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at)
      VALUES ('a', 'o', 'A', '{"pl":"Dowody osobiste"}', 1, 1), ('r', 'o', 'R', '{"pl":"Rejestracja pojazdów"}', 1, 1);
    INSERT INTO ticket_series (category_id, service_day, last_number) VALUES ('a', '2031-06-02', 60), ('r', '2031-06-02', 60);
    INSERT INTO tickets (id, office_id, category_id, service_day, number, code, state, issued_at, queued_at, estimate_min, estimate_max)
      SELECT c || n, 'o', c, '2031-06-02', n, upper(c) || lpad(n::text, 3, '0'), 'waiting', 1000 * n, 1000 * n, 0, 5
        FROM generate_series(1, 60) AS n, (VALUES ('a'), ('r')) AS cat(c);
    INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind) SELECT id, 'o', 'issued', issued_at, 'device' FROM tickets;
    INSERT INTO audit_log (office_id, at, action, entity) VALUES ('o', 1, 'create', 'office'), ('o', 2, 'create', 'category');
  `);
}

describe('PostgreSQL backups', () => {
  it('pg_dump -Fc and pg_restore into an empty database give back every row, and the restored database runs', async () => {
    const bin = testPostgresBinaries() ?? '';
    const sourceUrl = await newDatabase();
    const source = new PostgresDb(sourceUrl);
    opened.push(source);
    await fill(source);
    const before = await counts(source);
    expect(before.tickets).toBe(120);
    expect(before.ticket_events).toBe(120);

    const file = path.join(dir, 'numerek.dump');
    await exec(path.join(bin, 'pg_dump'), ['-Fc', ...connection(sourceUrl), '-f', file]);
    expect(statSync(file).size).toBeGreaterThan(1000);
    // The dump can be read back: its table of contents lists the tickets.
    const { stdout: listing } = await exec(path.join(bin, 'pg_restore'), ['--list', file]);
    expect(listing).toMatch(/TABLE DATA public tickets/);

    // An empty database owned by Numerek's role (no superuser), restored into as that role.
    const empty = await newDatabase({ empty: true });
    const name = new URL(empty).pathname.slice(1);
    const admin = new PostgresDb(testPostgresUrl() ?? '', { max: 1 });
    opened.push(admin);
    await admin.exec(`CREATE ROLE ${name}_owner LOGIN; ALTER DATABASE ${name} OWNER TO ${name}_owner`);
    const owned = new URL(empty);
    owned.username = `${name}_owner`;
    const target = owned.toString();
    await exec(path.join(bin, 'pg_restore'), ['--no-owner', '--exit-on-error', ...connection(target), file]);
    const restored = new PostgresDb(target);
    opened.push(restored);
    expect(await counts(restored)).toEqual(before);
    const tickets = "SELECT string_agg(id || code || issued_at, ',' ORDER BY id) FROM tickets";
    expect(await restored.value(tickets)).toBe(await source.value(tickets));

    // The restored database is Numerek's as it was, and its role's: nothing left to migrate, the
    // logs stay append-only, and new rows get new ids.
    const db = await connectDatabase({ engine: 'postgres', url: target });
    await expect(db.run("UPDATE ticket_events SET type = 'called'")).rejects.toThrow(/append-only/);
    await db.run(
      "INSERT INTO audit_log (office_id, at, action, entity) VALUES ('o', 3, 'restore', 'backup')",
    );
    expect(await db.value('SELECT max(id) FROM audit_log')).toBe(3);
    expect(await db.value('SELECT count(*) FROM schema_migrations')).toBe(
      loadMigrations(POSTGRES_MIGRATIONS).length,
    );
    await db.close();
  });
});
