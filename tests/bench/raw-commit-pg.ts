import { connectDatabase, PostgresDb } from '@numerek/server';
import { dropDatabase, newDatabase } from '@numerek/server/testing/postgres';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RawCommitResult } from './raw-commit.ts';
import { summarize } from './stats.ts';

export interface PgRawCommitResult extends Omit<RawCommitResult, 'journalMode' | 'synchronous'> {
  /** Connections committing at the same time, each one INSERT per transaction. */
  connections: number;
}

/** The server's settings that decide what a commit costs. */
export interface PgCommitSettings {
  version: string;
  fsync: string;
  synchronousCommit: string;
  walSyncMethod: string;
  commitDelay: string;
}

/**
 * The size of the server's own connection pool (`PostgresDb` with its defaults): how many
 * transactions one Numerek process can have open on PostgreSQL at once.
 */
export function serverPoolSize(url: string): number {
  const probe = new PostgresDb(url);
  const max = probe.pool.options.max;
  void probe.close();
  return max;
}

/**
 * The ceiling PostgreSQL sets: one ticket-shaped INSERT per transaction (an INSERT on its own is
 * one transaction, committed with a WAL flush) into a new database on `serverUrl`, from
 * `connections` connections at once, through the same driver and pool as the server. The table
 * copies the ticket columns and the indexes an insert has to maintain, as the SQLite floor does.
 */
export async function measurePgRawCommits(
  serverUrl: string,
  commits: number,
  connections: number,
): Promise<PgRawCommitResult> {
  const url = await newDatabase({ serverUrl, empty: true });
  const db = await connectDatabase({ engine: 'postgres', url });
  try {
    await db.exec(`
      CREATE TABLE bench_tickets (
        id TEXT PRIMARY KEY, office_id TEXT NOT NULL, category_id TEXT NOT NULL, service_day TEXT NOT NULL,
        number INTEGER NOT NULL, code TEXT NOT NULL, priority_weight DOUBLE PRECISION NOT NULL DEFAULT 1,
        state TEXT NOT NULL, target_counter_id TEXT, parent_ticket_id TEXT, language TEXT NOT NULL DEFAULT 'pl',
        issued_at BIGINT NOT NULL, queued_at BIGINT NOT NULL, estimate_min INTEGER NOT NULL,
        estimate_max INTEGER NOT NULL, issued_by_device_id TEXT
      );
      CREATE UNIQUE INDEX bench_tickets_number ON bench_tickets(category_id, service_day, number) WHERE parent_ticket_id IS NULL;
      CREATE INDEX bench_tickets_waiting ON bench_tickets(category_id, priority_weight, queued_at, id)
        WHERE state = 'waiting' AND target_counter_id IS NULL;
      CREATE INDEX bench_tickets_day ON bench_tickets(office_id, service_day);
    `);
    const insert = `INSERT INTO bench_tickets (id, office_id, category_id, service_day, number, code, priority_weight,
         state, target_counter_id, parent_ticket_id, language, issued_at, queued_at, estimate_min, estimate_max,
         issued_by_device_id)
       VALUES (@id, @office_id, @category_id, @service_day, @number, @code, @priority_weight, 'waiting',
         NULL, NULL, 'pl', @issued_at, @issued_at, @estimate_min, @estimate_max, @device)`;
    const one = (n: number) =>
      db.run(insert, {
        id: randomBytes(12).toString('base64url'),
        office_id: 'office-1',
        category_id: `category-${n % 6}`,
        service_day: '2026-11-23',
        number: n,
        code: `A${String(n).padStart(3, '0')}`,
        priority_weight: n % 5 === 0 ? 3 : 1,
        issued_at: Date.now(),
        estimate_min: 5,
        estimate_max: 15,
        device: 'kiosk-1',
      });
    const run = async (from: number, count: number, each: number[] | null) => {
      let next = from;
      const end = from + count;
      const worker = async () => {
        for (let n = next++; n < end; n = next++) {
          const t0 = performance.now();
          await one(n);
          each?.push(performance.now() - t0);
        }
      };
      await Promise.all(Array.from({ length: connections }, worker));
    };
    // Warm the connections, the table and the server's caches.
    await run(-1_000_000, Math.max(50, connections * 10), null);
    const each: number[] = [];
    const started = performance.now();
    await run(1, commits, each);
    const seconds = (performance.now() - started) / 1000;
    return {
      commits,
      seconds,
      perSecond: commits / seconds,
      latency: summarize(each),
      connections,
    };
  } finally {
    await db.close();
    await dropDatabase(url, serverUrl);
  }
}

/** The settings of the server at `serverUrl` that make a commit durable (or not). */
export async function pgCommitSettings(serverUrl: string): Promise<PgCommitSettings> {
  const db = new PostgresDb(serverUrl, { max: 1 });
  try {
    const show = async (name: string) => String(await db.value(`SELECT current_setting('${name}')`));
    return {
      version: await show('server_version'),
      fsync: await show('fsync'),
      synchronousCommit: await show('synchronous_commit'),
      walSyncMethod: await show('wal_sync_method'),
      commitDelay: await show('commit_delay'),
    };
  } finally {
    await db.close();
  }
}
